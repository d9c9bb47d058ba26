package dev.kafkautils.autoconfigure;

import java.util.Map;

import dev.kafkautils.autoconfigure.codec.HeaderProperties;
import dev.kafkautils.autoconfigure.codec.PayloadReaders;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.codec.StandardHeaders;
import dev.kafkautils.autoconfigure.errors.DeadLetterTopicNames;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.topics.TopicNames;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

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
			.hasSingleBean(StandardHeaders.class)
			.hasSingleBean(PayloadSerializer.class)
			.hasSingleBean(DeadLetterTopicNames.class));
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
			assertThat(context.getBean(DeadLetterTopicNames.class).forTopic("team-a.orders", "g"))
				.isEqualTo("team-a.dlq.orders");
		});
	}

	@Test
	void userPayloadReadersAndHeadersAreUsed() {
		this.runner.withUserConfiguration(UserCodec.class).run((context) -> {
			assertThat(context.getBean(PayloadReaders.class)).isSameAs(UserCodec.READERS);
			assertThat(context.getBean(StandardHeaders.class)).isSameAs(UserCodec.HEADERS);
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
	static class UserCodec {

		static final PayloadReaders READERS = new PayloadReaders(JsonMapper.shared());

		static final StandardHeaders HEADERS = new StandardHeaders(new HeaderProperties(), "custom");

		@Bean
		PayloadReaders userReaders() {
			return READERS;
		}

		@Bean
		StandardHeaders userHeaders() {
			return HEADERS;
		}

	}

}
