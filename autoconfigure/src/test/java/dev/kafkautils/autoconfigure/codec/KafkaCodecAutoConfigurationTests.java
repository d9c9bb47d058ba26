package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyFailureAnalyzer;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.converter.MessagingMessageConverter;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.converter.StringJacksonJsonMessageConverter;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which serializer, deserializer and converter Spring Boot's Kafka infrastructure gets,
 * how each can be replaced, and how a bad payload type fails start-up.
 */
class KafkaCodecAutoConfigurationTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void producerFactoryGetsPayloadSerializer() {
		this.runner.run((context) -> assertThat(context.getBean(DefaultKafkaProducerFactory.class).getValueSerializer())
			.isSameAs(context.getBean(PayloadSerializer.class)));
	}

	@Test
	void explicitValueSerializerIsKept() {
		this.runner
			.withPropertyValues("spring.kafka.producer.value-serializer=" + StringSerializer.class.getName())
			.run((context) -> assertThat(context.getBean(DefaultKafkaProducerFactory.class).getValueSerializer())
				.isNull());
	}

	@Test
	void explicitValueSerializerInPropertiesMapIsKept() {
		this.runner
			.withPropertyValues("spring.kafka.properties[value.serializer]=" + StringSerializer.class.getName())
			.run((context) -> assertThat(context.getBean(DefaultKafkaProducerFactory.class).getValueSerializer())
				.isNull());
	}

	@Test
	void consumersKeepValueBytesAndStringKeys() {
		this.runner.run((context) -> assertThat(
				context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties())
			.containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
			.containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
	}

	@Test
	void explicitValueDeserializerIsKeptBehindErrorHandlingDeserializer() {
		this.runner
			.withPropertyValues("spring.kafka.consumer.value-deserializer=" + LongDeserializer.class.getName())
			.run((context) -> assertThat(
					context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties())
				.containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class)
				.containsEntry(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, LongDeserializer.class));
	}

	@Test
	void keyDeserializerThatCanFailRunsBehindErrorHandlingDeserializer() {
		this.runner
			.withPropertyValues("spring.kafka.consumer.key-deserializer=" + LongDeserializer.class.getName())
			.run((context) -> assertThat(
					context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties())
				.containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class)
				.containsEntry(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, LongDeserializer.class));
	}

	@Test
	void payloadMessageConverterIsTheRecordConverter() {
		this.runner.run((context) -> assertThat(context.getBean(RecordMessageConverter.class))
			.isInstanceOf(PayloadMessageConverter.class));
	}

	@Test
	void userBeansReplaceCodecBeans() {
		this.runner.withUserConfiguration(UserCodecBeans.class).run((context) -> {
			assertThat(context.getBean(RecordMessageConverter.class))
				.isInstanceOf(StringJacksonJsonMessageConverter.class);
			assertThat(context.getBean(PayloadSerializer.class)).isSameAs(UserCodecBeans.SERIALIZER);
			assertThat(context.getBean(DefaultKafkaProducerFactory.class).getValueSerializer())
				.isSameAs(UserCodecBeans.SERIALIZER);
		});
	}

	/** As with plain Spring Boot: the application's converter gets what Boot's String deserializer makes. */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void anApplicationConverterSeesTheValuesOfTheConfiguredDeserializer(CapturedOutput output) {
		String topic = TestKafka.uniqueTopic("application-converter");
		TestKafka.createTopics(1, topic);
		this.runner.withUserConfiguration(ApplicationConverter.class)
			.withPropertyValues("test.topic=" + topic, "spring.kafka.consumer.group-id=" + topic)
			.run((context) -> {
				context.getBean(KafkaUtilsTemplate.class).send(topic, "k", "hello").get(10, TimeUnit.SECONDS);
				ApplicationConverter application = context.getBean(ApplicationConverter.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> !application.received.isEmpty());
				assertThat(application.converted).containsExactly("hello");
				assertThat(application.received).containsExactly("hello");
				assertThat(context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties())
					.containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
				assertThat(output.getOut().split("converts listener payloads", -1)).as("log lines").hasSize(2);
				assertThat(output).contains("INFO")
					.contains(ApplicationConverter.class.getName())
					.contains(StringDeserializer.class.getName())
					.contains("kafka.utils.topics.*.type");
			});
	}

	@Test
	void configuredPayloadTypesAreResolvedByPhysicalTopic() {
		this.runner
			.withPropertyValues("kafka.utils.topic-prefix=dev.", "kafka.utils.topics.stamps.type=" + Timestamp.class.getName(),
					"kafka.utils.topics.orders.name=orders-v2",
					"kafka.utils.topics.orders.type=" + Order.class.getName())
			.run((context) -> {
				PayloadTypes types = context.getBean(PayloadTypes.class);
				assertThat(types.forTopic("dev.stamps").contentType()).isEqualTo(ContentType.PROTOBUF);
				assertThat(types.forTopic("dev.orders-v2").contentType()).isEqualTo(ContentType.JSON);
				assertThat(types.forTopic("dev.orders-v2").typeName()).isEqualTo(Order.class.getName());
				assertThat(types.forTopic("orders")).isNull();
			});
	}

	@Test
	void unknownPayloadClassFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("kafka.utils.topics.orders.type=com.example.DoesNotExist").run((context) -> {
			assertThat(context).hasFailed();
			InvalidPayloadTypeException ex = findCause(context.getStartupFailure());
			assertThat(ex.getProperty()).isEqualTo("kafka.utils.topics.orders.type");
			FailureAnalysis analysis = new KafkaUtilsPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("kafka.utils.topics.orders.type")
				.contains("com.example.DoesNotExist")
				.contains("no such class on the classpath");
			assertThat(analysis.getAction()).contains("kafka.utils.topics.orders.type")
				.contains("protobuf")
				.contains("JSON");
		});
	}

	@Test
	void classThatJsonCannotCreateFailsStartup() {
		this.runner.withPropertyValues("kafka.utils.topics.orders.type=" + NotMappable.class.getName())
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidPayloadTypeException ex = findCause(context.getStartupFailure());
				assertThat(ex.getProperty()).isEqualTo("kafka.utils.topics.orders.type");
				assertThat(ex.getReason()).contains("Jackson cannot create it");
			});
	}

	@Test
	void interfaceFailsStartup() {
		this.runner.withPropertyValues("kafka.utils.topics.orders.type=" + Runnable.class.getName())
			.run((context) -> assertThat(findCause(context.getStartupFailure()).getValue())
				.isEqualTo(Runnable.class.getName()));
	}

	@Test
	void abstractProtobufTypeFailsStartup() {
		this.runner.withPropertyValues("kafka.utils.topics.orders.type=com.google.protobuf.GeneratedMessage")
			.run((context) -> assertThat(findCause(context.getStartupFailure()).getReason()).contains("abstract"));
	}

	private static InvalidPayloadTypeException findCause(Throwable failure) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (candidate instanceof InvalidPayloadTypeException ex) {
				return ex;
			}
			candidate = candidate.getCause();
		}
		throw new AssertionError("No InvalidPayloadTypeException in " + failure);
	}

	/** A JSON payload. */
	public record Order(String id, long amountCents) {
	}

	/** A class Jackson cannot instantiate: abstract, with no mapping to a concrete type. */
	public abstract static class NotMappable {

		public abstract String value();

	}

	/** A converter of the application's, and a listener that it converts for. */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationConverter {

		final List<Object> converted = new CopyOnWriteArrayList<>();

		final List<String> received = new CopyOnWriteArrayList<>();

		@Bean
		RecordMessageConverter applicationConverter() {
			return new MessagingMessageConverter() {

				@Override
				protected Object extractAndConvertValue(ConsumerRecord<?, ?> record, @Nullable Type type) {
					ApplicationConverter.this.converted.add(record.value());
					return super.extractAndConvertValue(record, type);
				}

			};
		}

		@KafkaListener(topics = "${test.topic}")
		void on(String value) {
			this.received.add(value);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCodecBeans {

		static final PayloadSerializer SERIALIZER = new PayloadSerializer(
				new JacksonJsonCodec(tools.jackson.databind.json.JsonMapper.shared()), null);

		@Bean
		RecordMessageConverter userConverter() {
			return new StringJacksonJsonMessageConverter();
		}

		@Bean
		PayloadSerializer userSerializer() {
			return SERIALIZER;
		}

	}

}
