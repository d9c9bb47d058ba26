package dev.kafkautils.autoconfigure.errors;

import java.util.ArrayList;
import java.util.List;

import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import dev.kafkautils.autoconfigure.core.TierProperties;
import dev.kafkautils.autoconfigure.topics.TopicPlanner;
import dev.kafkautils.autoconfigure.topics.TopicSpec;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.RetryTopicComponentFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicNamesProviderFactory;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.kafka.retrytopic.SuffixingRetryTopicNamesProviderFactory.SuffixingRetryTopicNamesProvider;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Non-blocking retries ({@code kafka.utils.retry.mode=topics}): a failed record moves on
 * to a delayed retry topic ({@code <topic>-retry-<n>}) so its partition keeps flowing,
 * and after {@code kafka.utils.retry.max-attempts} it lands in the same dead-letter topic
 * the blocking mode uses ({@code kafka.utils.dlq.topic-pattern}). Built on spring-kafka's
 * retry-topic support; retry topics are created with the {@code dlq} tier's partitions
 * and replication (clamped by {@code kafka.utils.provisioning.max-replication}), or not
 * at all when provisioning is off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kafka.utils.retry.mode", havingValue = "topics")
class RetryTopicsConfiguration extends RetryTopicConfigurationSupport {

	private ApplicationContext applicationContext;

	@Bean
	@ConditionalOnMissingBean(RetryTopicConfiguration.class)
	RetryTopicConfiguration kafkaUtilsRetryTopicConfiguration(ErrorHandlingSettings settings,
			DeadLetterProducer producer, ObjectProvider<TopicPlanner> topicPlanner, DeadLetterProperties deadLetters) {
		List<Class<? extends Throwable>> notRetryable = new ArrayList<>(settings.nonRetryable());
		RetryTopicConfigurationBuilder builder = RetryTopicConfigurationBuilder.newInstance()
			.maxAttempts(settings.maxAttempts())
			.customBackoff(settings.backOff())
			.suffixTopicsWithIndexValues()
			.notRetryOn(notRetryable)
			// the dead-letter topic is kept for inspection and replay, not consumed by this service
			.autoStartDltHandler(false);
		TopicPlanner planner = topicPlanner.getIfAvailable();
		if (planner != null) {
			// the shape is the same for every retry topic: take it from the dlq tier once
			TopicSpec shape = planner.tierTopic("retry", TierProperties.DLQ);
			builder.autoCreateTopicsWith(shape.partitions(), (short) shape.replicas());
		}
		else {
			builder.doNotAutoCreateRetryTopics();
		}
		if (!deadLetters.isEnabled()) {
			builder.doNotConfigureDlt();
		}
		return builder.create(producer.template());
	}

	@Bean
	@ConditionalOnMissingBean
	RetryTopicSchedulerWrapper kafkaUtilsRetryTopicScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("kafka-retry-");
		scheduler.initialize();
		return new RetryTopicSchedulerWrapper(scheduler);
	}

	private DeadLetterTopicResolver deadLetterTopics() {
		return this.applicationContext.getBean(DeadLetterTopicResolver.class);
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		super.setApplicationContext(applicationContext);
		this.applicationContext = applicationContext;
	}

	@Override
	protected RetryTopicComponentFactory createComponentFactory() {
		return new RetryTopicComponentFactory() {

			@Override
			public RetryTopicNamesProviderFactory retryTopicNamesProviderFactory() {
				return DeadLetterAwareNamesProvider::new;
			}

		};
	}

	/**
	 * Names retry topics by suffix, as spring-kafka does, but the dead-letter topic by
	 * kafka-utils' dead-letter naming, so both retry modes share one dead-letter topic.
	 */
	private final class DeadLetterAwareNamesProvider extends SuffixingRetryTopicNamesProvider {

		private final boolean deadLetter;

		DeadLetterAwareNamesProvider(DestinationTopic.Properties properties) {
			super(properties);
			this.deadLetter = properties.isDltTopic();
		}

		@Override
		public @Nullable String getTopicName(String topic) {
			if (!this.deadLetter) {
				return super.getTopicName(topic);
			}
			return deadLetterTopics().resolve(topic, null);
		}

	}

}
