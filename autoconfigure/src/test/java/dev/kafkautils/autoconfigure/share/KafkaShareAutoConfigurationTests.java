package dev.kafkautils.autoconfigure.share;

import java.util.Map;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyFailureAnalyzer;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ShareConsumerRecordRecoverer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of the share listener support, and the start-up check of
 * {@code kafka.utils.retry.max-attempts} against the real broker's delivery-count limit.
 */
class KafkaShareAutoConfigurationTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withConfiguration(AutoConfigurations.of(KafkaShareAutoConfiguration.class));

	@Test
	void shareConsumerFactoryUsesBootsConsumerSettingsWithoutThoseShareConsumersRefuse() {
		this.runner
			.withPropertyValues("spring.kafka.consumer.auto-offset-reset=latest", "spring.kafka.consumer.max-poll-records=7",
					"spring.kafka.consumer.isolation-level=read-committed", "spring.kafka.client-id=fixed")
			.run((context) -> {
				Map<String, Object> config = context.getBean(ShareConsumerFactory.class).getConfigurationProperties();
				assertThat(config).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "orders-service")
					.containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 7)
					.containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
					.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
					.doesNotContainKeys(ShareConsumerConfigs.NOT_FOR_SHARE_CONSUMERS.toArray(String[]::new))
					.doesNotContainKey(ConsumerConfig.CLIENT_ID_CONFIG);
			});
	}

	@Test
	void factoryAcceptsOnReturnByDefaultAndHandsFailuresToTheDeadLetteringRecoverer() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DeadLetteringShareRecoverer.class);
			KafkaUtilsShareListenerContainerFactory<?, ?> factory = context.getBean(
					KafkaShareAutoConfiguration.FACTORY_BEAN_NAME, KafkaUtilsShareListenerContainerFactory.class);
			assertThat(factory.getContainerProperties().getShareAckMode())
				.isEqualTo(ContainerProperties.ShareAckMode.EXPLICIT);
		});
	}

	@Test
	void manualAckModeExposesTheShareAcknowledgment() {
		this.runner.withPropertyValues("kafka.utils.share.ack-mode=manual")
			.run((context) -> assertThat(context.getBean(KafkaUtilsShareListenerContainerFactory.class)
				.getContainerProperties()
				.getShareAckMode()).isEqualTo(ContainerProperties.ShareAckMode.MANUAL));
	}

	@Test
	void applicationBeansReplaceTheAutoConfiguredOnes() {
		this.runner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context.getBean(ShareConsumerFactory.class)).isSameAs(OwnBeans.FACTORY);
			assertThat(context.getBean(ShareConsumerRecordRecoverer.class))
				.isSameAs(ShareConsumerRecordRecoverer.RELEASING);
			assertThat(context).doesNotHaveBean(DeadLetteringShareRecoverer.class);
		});
	}

	@Test
	void switchedOff() {
		this.runner.withPropertyValues("kafka.utils.share.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ShareConsumerFactory.class)
				.doesNotHaveBean(KafkaShareAutoConfiguration.FACTORY_BEAN_NAME));
	}

	@Test
	void maxAttemptsAboveTheBrokersDeliveryCountLimitFailsStartUpNamingBoth() {
		// the broker's group.share.delivery.count.limit is Kafka's default, 5
		this.runner.withPropertyValues("kafka.utils.retry.max-attempts=6")
			.withUserConfiguration(ShareListener.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				FailureAnalysis analysis = new KafkaUtilsPropertyFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("kafka.utils.retry.max-attempts")
					.contains("'6'")
					.contains("group.share.delivery.count.limit (5)");
				assertThat(analysis.getAction()).contains("kafka.utils.retry.max-attempts to at most 5")
					.contains("group.share.delivery.count.limit");
			});
	}

	@Test
	void maxAttemptsWithinTheLimitStarts() {
		this.runner.withPropertyValues("kafka.utils.retry.max-attempts=5")
			.withUserConfiguration(ShareListener.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final DefaultShareConsumerFactory<Object, Object> FACTORY = new DefaultShareConsumerFactory<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"));

		@Bean
		ShareConsumerFactory<Object, Object> ownShareConsumerFactory() {
			return FACTORY;
		}

		@Bean
		ShareConsumerRecordRecoverer ownRecoverer() {
			return ShareConsumerRecordRecoverer.RELEASING;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ShareListener {

		@KafkaListener(topics = "share-startup-check", groupId = "share-startup-check",
				containerFactory = KafkaShareAutoConfiguration.FACTORY_BEAN_NAME, autoStartup = "false")
		void on(String payload) {
		}

	}

}
