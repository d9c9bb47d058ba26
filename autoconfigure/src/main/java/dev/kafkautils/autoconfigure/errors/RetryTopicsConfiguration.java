package dev.kafkautils.autoconfigure.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.DestinationTopicProcessor;
import org.springframework.kafka.retrytopic.EndpointCustomizer;
import org.springframework.kafka.retrytopic.ListenerContainerFactoryConfigurer;
import org.springframework.kafka.retrytopic.ListenerContainerFactoryResolver;
import org.springframework.kafka.retrytopic.RetryTopicComponentFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicConfigurer;
import org.springframework.kafka.retrytopic.RetryTopicNamesProviderFactory;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.kafka.retrytopic.SuffixingRetryTopicNamesProviderFactory.SuffixingRetryTopicNamesProvider;
import org.springframework.kafka.support.EndpointHandlerMethod;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.StringUtils;

/**
 * Non-blocking retries ({@code kafka.utils.retry.mode=topics}): a failed record moves on
 * to a delayed retry topic ({@code <topic>-retry[-<n>]}) so its partition keeps flowing,
 * and after {@code kafka.utils.retry.max-attempts} it lands in the same dead-letter topic
 * the blocking mode uses, with the same headers, log line, failure event and meters.
 * Built on spring-kafka's retry-topic support, with these differences:
 * <ul>
 * <li>kafka-utils' provisioning creates the retry topics and the dead-letter topic (in
 * the {@code dlq} tier), not spring-kafka's {@code NewTopic} beans, so every topic gets
 * its tier; without provisioning they must exist;</li>
 * <li>the dead-letter topic is named by the {@link DeadLetterTopicResolver} with the
 * source listener's consumer group, as in blocking mode;</li>
 * <li>records go to the partition their key chooses, never the source partition number
 * (retry and dead-letter topics usually have fewer partitions);</li>
 * <li>the {@link RetryTopicRecoverer} publishes, reporting like blocking mode's
 * {@link DeadLetterRecoverer}, and spring-kafka's per-failure ERROR line is off.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kafka.utils.retry.mode", havingValue = "topics")
class RetryTopicsConfiguration extends RetryTopicConfigurationSupport {

	/** The group of the listener whose retry endpoints spring-kafka is naming on this thread. */
	private static final ThreadLocal<@Nullable String> SOURCE_GROUP = new ThreadLocal<>();

	private @Nullable ApplicationContext applicationContext;

	@Bean
	@ConditionalOnMissingBean(RetryTopicConfiguration.class)
	RetryTopicConfiguration kafkaUtilsRetryTopicConfiguration(ErrorHandlingSettings settings,
			DeadLetterProducer producer, DeadLetterProperties deadLetters) {
		List<Class<? extends Throwable>> notRetryable = new ArrayList<>(settings.nonRetryable());
		RetryTopicConfigurationBuilder builder = RetryTopicConfigurationBuilder.newInstance()
			.maxAttempts(settings.maxAttempts())
			.customBackoff(settings.backOff())
			.suffixTopicsWithIndexValues()
			.notRetryOn(notRetryable)
			// provisioning creates them in the dlq tier (ErrorHandlingTopics)
			.doNotAutoCreateRetryTopics()
			// the dead-letter topic is kept for inspection and replay, not consumed by this service
			.autoStartDltHandler(false);
		if (!deadLetters.isEnabled()) {
			builder.doNotConfigureDlt();
		}
		return builder.create(producer.template());
	}

	/** Initialised and shut down by the wrapper, which is the bean. */
	@Bean
	@ConditionalOnMissingBean
	RetryTopicSchedulerWrapper kafkaUtilsRetryTopicScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("kafka-retry-");
		scheduler.setBeanName("kafkaUtilsRetryTopicScheduler");
		return new RetryTopicSchedulerWrapper(scheduler);
	}

	@Override
	protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
		return (factory) -> {
			// -1: the producer's partitioner picks by key
			factory.setPartitionResolver((record, topic) -> -1);
			// the recoverer logs one line per dead-lettered record; moves to retry topics are DEBUG
			factory.neverLogListenerException();
			factory.setDeadLetterPublisherCreator((templates, destinations) -> new RetryTopicRecoverer(templates,
					destinations, bean(FailureHeaders.class), bean(FailureReporter.class)));
		};
	}

	private <T> T bean(Class<T> type) {
		ApplicationContext context = this.applicationContext;
		if (context == null) {
			throw new IllegalStateException("No application context yet");
		}
		return context.getBean(type);
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

			@Override
			public RetryTopicConfigurer retryTopicConfigurer(DestinationTopicProcessor destinationTopicProcessor,
					ListenerContainerFactoryConfigurer listenerContainerFactoryConfigurer,
					ListenerContainerFactoryResolver factoryResolver,
					RetryTopicNamesProviderFactory retryTopicNamesProviderFactory) {
				return new GroupAwareRetryTopicConfigurer(destinationTopicProcessor, factoryResolver,
						listenerContainerFactoryConfigurer, retryTopicNamesProviderFactory);
			}

		};
	}

	/**
	 * The consumer group a listener endpoint consumes in: its own group id, else the
	 * group of the default consumer factory, as the container will use.
	 */
	private @Nullable String groupOf(MethodKafkaListenerEndpoint<?, ?> endpoint) {
		if (StringUtils.hasText(endpoint.getGroupId())) {
			return endpoint.getGroupId();
		}
		if (endpoint.getConsumerProperties() != null
				&& endpoint.getConsumerProperties().getProperty(ConsumerConfig.GROUP_ID_CONFIG) != null) {
			return endpoint.getConsumerProperties().getProperty(ConsumerConfig.GROUP_ID_CONFIG);
		}
		ApplicationContext context = this.applicationContext;
		ConsumerFactory<?, ?> consumerFactory = (context != null)
				? context.getBeanProvider(ConsumerFactory.class).getIfUnique() : null;
		Object group = (consumerFactory != null)
				? consumerFactory.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG) : null;
		return (group != null) ? group.toString() : null;
	}

	/**
	 * Tells the names provider the group of the endpoint whose retry and dead-letter
	 * topics spring-kafka is naming: its names provider sees only the topic.
	 */
	private final class GroupAwareRetryTopicConfigurer extends RetryTopicConfigurer {

		GroupAwareRetryTopicConfigurer(DestinationTopicProcessor destinationTopicProcessor,
				ListenerContainerFactoryResolver containerFactoryResolver,
				ListenerContainerFactoryConfigurer listenerContainerFactoryConfigurer,
				RetryTopicNamesProviderFactory retryTopicNamesProviderFactory) {
			super(destinationTopicProcessor, containerFactoryResolver, listenerContainerFactoryConfigurer,
					retryTopicNamesProviderFactory);
		}

		@Override
		protected EndpointCustomizer<MethodKafkaListenerEndpoint<?, ?>> createEndpointCustomizer(
				EndpointHandlerMethod endpointBeanMethod, DestinationTopic.Properties destinationTopicProperties) {
			EndpointCustomizer<MethodKafkaListenerEndpoint<?, ?>> customizer = super.createEndpointCustomizer(
					endpointBeanMethod, destinationTopicProperties);
			return (endpoint) -> {
				SOURCE_GROUP.set(groupOf(endpoint));
				try {
					return customizer.customizeEndpointAndCollectTopics(endpoint);
				}
				finally {
					SOURCE_GROUP.remove();
				}
			};
		}

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
			return bean(DeadLetterTopicResolver.class).resolve(topic, SOURCE_GROUP.get());
		}

	}

}
