package dev.kafkautils.autoconfigure.core;

import dev.kafkautils.autoconfigure.errors.DeadLetterEndpoint;
import dev.kafkautils.autoconfigure.errors.DeadLetterEndpointAutoConfiguration;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.topics.KafkaTopicsAutoConfiguration;
import dev.kafkautils.autoconfigure.topics.TopicPlanner;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one switch: {@code kafka.utils.enabled=false}, or spring-kafka missing, turns every
 * kafka-utils auto-configuration off, the dead-letter endpoint's included.
 */
class ConditionalOnKafkaUtilsTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withConfiguration(
				AutoConfigurations.of(KafkaTopicsAutoConfiguration.class, DeadLetterEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.jmx.exposure.include=kafkadlq",
				"management.endpoints.web.exposure.include=kafkadlq", "kafka.utils.provisioning.max-replication=1");

	@Test
	void everyConcernIsOnByDefault() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(KafkaUtilsProperties.class)
			.hasSingleBean(TopicPlanner.class)
			.hasSingleBean(DeadLetterEndpoint.class));
	}

	@Test
	void disabledStarterLeavesOnlySpringBootsKafkaSupport() {
		this.runner.withPropertyValues("kafka.utils.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(KafkaUtilsProperties.class)
				.doesNotHaveBean(TopicPlanner.class)
				.doesNotHaveBean(DeadLetterEndpoint.class)
				.hasSingleBean(KafkaTemplate.class);
			assertThat(context.getBeanNamesForType(Object.class))
				.noneMatch((name) -> name.startsWith("kafkaUtils") || name.startsWith("dev.kafkautils"));
		});
	}

	@Test
	void withoutSpringKafkaNothingApplies() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(KafkaUtilsProperties.class)
				.doesNotHaveBean(DeadLetterEndpoint.class));
	}

}
