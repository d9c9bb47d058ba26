package dev.kafkautils.autoconfigure.errors;

import java.util.List;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which listener containers get the kafka-utils batch handling, and the strategy from
 * {@code kafka.utils.retry.batch.strategy}. Containers are not started.
 */
class BatchListenerInstallerTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withPropertyValues("spring.kafka.listener.auto-startup=false", "kafka.utils.provisioning.enabled=false")
		.withUserConfiguration(Listeners.class);

	@Test
	void batchListenersGetTheBatchHandlingThatSplitsByDefault() {
		this.runner.run((context) -> {
			assertThat(listener(context, "batch")).isInstanceOfSatisfying(IsolatingBatchListener.class,
					(listener) -> assertThat(listener.splits()).isTrue());
			assertThat(listener(context, "record")).isNotInstanceOf(IsolatingBatchListener.class);
		});
	}

	@Test
	void wholeBatchStrategyDoesNotSplit() {
		this.runner.withPropertyValues("kafka.utils.retry.batch.strategy=whole-batch")
			.run((context) -> assertThat(listener(context, "batch")).isInstanceOfSatisfying(
					IsolatingBatchListener.class, (listener) -> assertThat(listener.splits()).isFalse()));
	}

	@Test
	void manualAcknowledgmentKeepsSpringKafkasHandling() {
		this.runner.withPropertyValues("spring.kafka.listener.ack-mode=manual")
			.run((context) -> assertThat(listener(context, "batch")).isNotInstanceOf(IsolatingBatchListener.class));
	}

	private static Object listener(AssertableApplicationContext context, String id) {
		AbstractMessageListenerContainer<?, ?> container = (AbstractMessageListenerContainer<?, ?>) context
			.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer(id);
		return container.getContainerProperties().getMessageListener();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableKafka
	static class Listeners {

		@Bean
		Object listenerBean() {
			return new Object() {

				@KafkaListener(id = "batch", topics = "installer-batch", batch = "true")
				void onBatch(List<String> values) {
				}

				@KafkaListener(id = "record", topics = "installer-record")
				void onRecord(String value) {
				}

			};
		}

	}

}
