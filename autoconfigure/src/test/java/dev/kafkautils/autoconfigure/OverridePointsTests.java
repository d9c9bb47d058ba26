package dev.kafkautils.autoconfigure;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

import dev.kafkautils.autoconfigure.codec.ContentType;
import dev.kafkautils.autoconfigure.codec.DefaultPayloadReaders;
import dev.kafkautils.autoconfigure.codec.HeaderWriter;
import dev.kafkautils.autoconfigure.codec.JacksonJsonCodec;
import dev.kafkautils.autoconfigure.codec.JsonCodec;
import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.codec.PayloadReaders;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.codec.StandardHeaders;
import dev.kafkautils.autoconfigure.core.ConsumedTopic;
import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.errors.PatternDeadLetterTopicResolver;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.topics.KafkaTopicsAutoConfiguration;
import dev.kafkautils.autoconfigure.topics.TopicPlanner;
import dev.kafkautils.autoconfigure.topics.TopicSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.converter.RecordMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kafka-utils beans an application may replace: its own bean is used, and what is
 * built on it follows.
 */
class OverridePointsTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void everyKafkaUtilsBeanIsPresentByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ServiceIdentity.class)
			.hasSingleBean(TopicNames.class)
			.hasSingleBean(PayloadReaders.class)
			.hasSingleBean(HeaderWriter.class)
			.hasSingleBean(PayloadSerializer.class)
			.hasSingleBean(JacksonJsonCodec.class)
			.hasSingleBean(DeadLetterTopicResolver.class));
	}

	@Test
	void userJsonCodecWritesAndReadsJsonPayloads() {
		this.runner.withUserConfiguration(UserJson.class).run((context) -> {
			assertThat(context).hasSingleBean(JsonCodec.class).doesNotHaveBean(JacksonJsonCodec.class);
			byte[] written = context.getBean(PayloadSerializer.class).serialize("orders", new Order("o-1"));
			assertThat(written).isEqualTo("order o-1".getBytes());
			RecordMessageConverter converter = context.getBean(RecordMessageConverter.class);
			ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 0, 0, "k", "order o-2".getBytes());
			assertThat(converter.toMessage(record, null, null, Order.class).getPayload()).isEqualTo(new Order("o-2"));
		});
	}

	@Test
	void userServiceIdentityNamesTheClients() {
		this.runner.withUserConfiguration(UserIdentity.class).run((context) -> {
			assertThat(context.getBean(ServiceIdentity.class)).isSameAs(UserIdentity.IDENTITY);
			DefaultKafkaProducerFactory<?, ?> factory = context.getBean(DefaultKafkaProducerFactory.class);
			try (Producer<?, ?> producer = factory.createProducer()) {
				MetricName metric = producer.metrics().keySet().iterator().next();
				assertThat(metric.tags().get("client-id")).startsWith("billing-host-1-cafebabe-");
			}
		});
	}

	@Test
	void userTopicNamesAreUsedForDeadLetterNaming() {
		this.runner.withUserConfiguration(UserTopicNames.class).run((context) -> {
			assertThat(context.getBean(TopicNames.class)).isSameAs(UserTopicNames.NAMES);
			assertThat(context.getBean(DeadLetterTopicResolver.class).resolve("team-a.orders", "g"))
				.isEqualTo("team-a.dlq.orders");
		});
	}

	@Test
	void userDeadLetterTopicResolverNamesTheTopicsThatAreProvisioned() {
		this.runner.withConfiguration(AutoConfigurations.of(KafkaTopicsAutoConfiguration.class))
			.withUserConfiguration(UserDeadLetterTopics.class)
			.withPropertyValues("kafka.utils.provisioning.max-replication=1")
			.run((context) -> {
				assertThat(context).hasSingleBean(DeadLetterTopicResolver.class)
					.doesNotHaveBean(PatternDeadLetterTopicResolver.class);
				List<TopicSpec> planned = context.getBean(TopicPlanner.class)
					.plan(List.of(new ConsumedTopic("orders", "billing")));
				assertThat(planned).singleElement().satisfies((spec) -> {
					assertThat(spec.name()).isEqualTo("failed.billing.orders");
					assertThat(spec.tier()).isEqualTo("dlq");
				});
			});
	}

	@Test
	void userHeaderWriterWritesTheHeadersOfEveryRecordSent() {
		this.runner.withUserConfiguration(UserHeaders.class).run((context) -> {
			assertThat(context).doesNotHaveBean(StandardHeaders.class);
			RecordHeaders headers = new RecordHeaders();
			context.getBean(PayloadSerializer.class).serialize("orders", headers, "text");
			assertThat(headers.toArray()).extracting(Header::key).containsExactly("team");
			assertThat(headers.lastHeader("team").value()).isEqualTo("billing:text/plain".getBytes());
		});
	}

	@Test
	void withoutAContentTypeHeaderListenersDoNotCheckOne() {
		this.runner.withUserConfiguration(UserHeaders.class).run((context) -> {
			RecordMessageConverter converter = context.getBean(RecordMessageConverter.class);
			ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 0, 0, "k",
					"{\"id\":\"o-1\"}".getBytes());
			// a header the default writer would check is only data to a writer without a content type
			record.headers().add("content-type", "application/x-protobuf".getBytes());
			Object payload = converter.toMessage(record, null, null, Order.class).getPayload();
			assertThat(payload).isEqualTo(new Order("o-1"));
		});
	}

	@Test
	void userPayloadReadersReadListenerPayloads() {
		this.runner.withUserConfiguration(UserReaders.class).run((context) -> {
			assertThat(context).doesNotHaveBean(DefaultPayloadReaders.class);
			RecordMessageConverter converter = context.getBean(RecordMessageConverter.class);
			ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("prices", 0, 0, "k", "12.50 EUR".getBytes());
			Object payload = converter.toMessage(record, null, null, Money.class).getPayload();
			assertThat(payload).isEqualTo(new Money("12.50", "EUR"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIdentity {

		static final ServiceIdentity IDENTITY = new ServiceIdentity("billing", "host-1", "cafebabe");

		@Bean
		ServiceIdentity userIdentity() {
			return IDENTITY;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTopicNames {

		static final TopicNames NAMES = TopicNames.of("team-a.", Map.of());

		@Bean
		TopicNames userTopicNames() {
			return NAMES;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDeadLetterTopics {

		@Bean
		DeadLetterTopicResolver userDeadLetterTopics() {
			return (topic, group) -> "failed." + group + "." + topic;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHeaders {

		@Bean
		HeaderWriter userHeaderWriter() {
			return (headers, contentType) -> headers.add("team",
					("billing:" + ((contentType != null) ? contentType.mimeType() : "none")).getBytes());
		}

	}

	/** JSON by another library; here a stand-in that reads and writes orders only. */
	@Configuration(proxyBeanMethods = false)
	static class UserJson {

		@Bean
		JsonCodec userJsonCodec() {
			return new JsonCodec() {

				@Override
				public byte[] write(Object value) {
					return ("order " + ((Order) value).id()).getBytes();
				}

				@Override
				public PayloadReader reader(Type type) {
					return new PayloadReader() {

						@Override
						public Object read(byte[] data) {
							return new Order(new String(data).substring("order ".length()));
						}

						@Override
						public ContentType contentType() {
							return ContentType.JSON;
						}

						@Override
						public String typeName() {
							return type.getTypeName();
						}

					};
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserReaders {

		@Bean
		PayloadReaders userPayloadReaders(JsonCodec json) {
			DefaultPayloadReaders defaults = new DefaultPayloadReaders(json);
			PayloadReader money = new PayloadReader() {

				@Override
				public Object read(byte[] data) {
					String[] parts = new String(data).split(" ");
					return new Money(parts[0], parts[1]);
				}

				@Override
				public ContentType contentType() {
					return ContentType.TEXT;
				}

				@Override
				public String typeName() {
					return Money.class.getName();
				}

			};
			return (type) -> (type == Money.class) ? money : defaults.forType(type);
		}

	}

	record Order(String id) {
	}

	record Money(String amount, String currency) {
	}

}
