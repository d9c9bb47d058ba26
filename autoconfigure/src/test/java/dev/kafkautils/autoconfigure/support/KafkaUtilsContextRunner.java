package dev.kafkautils.autoconfigure.support;

import dev.kafkautils.autoconfigure.client.KafkaClientAutoConfiguration;
import dev.kafkautils.autoconfigure.codec.KafkaCodecAutoConfiguration;
import dev.kafkautils.autoconfigure.consumer.KafkaListenerAutoConfiguration;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.errors.KafkaErrorHandlingAutoConfiguration;
import dev.kafkautils.autoconfigure.health.KafkaHealthAutoConfiguration;
import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetricsAutoConfiguration;
import dev.kafkautils.autoconfigure.observation.KafkaObservationAutoConfiguration;
import dev.kafkautils.autoconfigure.producer.KafkaTemplateAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The context runner every auto-configuration test starts from: Spring Boot's Kafka and
 * Jackson auto-configuration plus all of kafka-utils, pointed at the shared broker.
 */
public final class KafkaUtilsContextRunner {

	private KafkaUtilsContextRunner() {
	}

	public static ApplicationContextRunner create() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaUtilsAutoConfiguration.class,
					KafkaClientAutoConfiguration.class, KafkaCodecAutoConfiguration.class,
					KafkaTemplateAutoConfiguration.class, KafkaListenerAutoConfiguration.class,
					KafkaErrorHandlingAutoConfiguration.class, KafkaUtilsMetricsAutoConfiguration.class,
					KafkaHealthAutoConfiguration.class, KafkaObservationAutoConfiguration.class,
					KafkaAutoConfiguration.class, JacksonAutoConfiguration.class))
			.withPropertyValues(TestKafka.bootstrapProperty(), "spring.application.name=orders-service");
	}

}
