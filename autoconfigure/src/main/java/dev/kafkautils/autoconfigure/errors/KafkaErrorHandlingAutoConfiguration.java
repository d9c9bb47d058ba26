package dev.kafkautils.autoconfigure.errors;

import java.time.Duration;
import java.util.stream.Stream;

import dev.kafkautils.autoconfigure.codec.KafkaCodecAutoConfiguration;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.core.SingleBean;
import dev.kafkautils.autoconfigure.core.TopicNames;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;

/**
 * Failure handling for listener containers: a {@link DefaultErrorHandler} with
 * exponential back-off and a dead-letter recoverer, built from {@code kafka.utils.retry.*}
 * and {@code kafka.utils.dlq.*}. Spring Boot hands the error handler to the
 * {@code kafkaListenerContainerFactory} it builds and to its public
 * {@code ConcurrentKafkaListenerContainerFactoryConfigurer}, so any additional factory
 * built with that configurer gets the same policy.
 * <p>
 * Every {@link RetryListener} bean is added to the error handler, after the one that
 * counts delivery attempts for the dead-letter headers.
 */
@AutoConfiguration(after = { KafkaUtilsAutoConfiguration.class, KafkaCodecAutoConfiguration.class },
		before = KafkaAutoConfiguration.class)
@ConditionalOnKafkaUtils
@EnableConfigurationProperties({ RetryProperties.class, DeadLetterProperties.class, ErrorEventProperties.class })
@Import({ FailureReportingConfiguration.class, RetryTopicsConfiguration.class })
public final class KafkaErrorHandlingAutoConfiguration {

	/** Longest one depth reading may take, so that an endpoint request cannot hang on the cluster. */
	private static final Duration DEPTH_TIMEOUT = Duration.ofSeconds(30);

	@Bean
	@ConditionalOnMissingBean(DeadLetterTopicResolver.class)
	PatternDeadLetterTopicResolver kafkaUtilsDeadLetterTopicResolver(TopicNames topicNames,
			KafkaUtilsProperties properties, DeadLetterProperties deadLetters, ServiceIdentity identity) {
		return new PatternDeadLetterTopicResolver(topicNames, properties.getTopics(), deadLetters.getTopicPattern(),
				identity.serviceName());
	}

	@Bean
	ErrorHandlingSettings kafkaUtilsErrorHandlingSettings(RetryProperties retry, DeadLetterProperties deadLetters,
			ResourceLoader resourceLoader) {
		return ErrorHandlingSettings.of(retry, deadLetters, resourceLoader.getClassLoader());
	}

	/** The topics provisioning creates for the error handling. */
	@Bean
	ErrorHandlingTopics kafkaUtilsErrorHandlingTopics(TopicNames topicNames, KafkaUtilsProperties properties,
			ErrorEventProperties errorEvents, DeadLetterProperties deadLetters,
			ObjectProvider<DeadLetterTopicResolver> deadLetterTopics) {
		return new ErrorHandlingTopics(topicNames, properties.getTopics(), errorEvents.getTopic(),
				deadLetters.isEnabled() ? deadLetterTopics.getObject() : null);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterProducer kafkaUtilsDeadLetterProducer(ProducerFactory<?, ?> producerFactory,
			PayloadSerializer payloadSerializer, ServiceIdentity identity) {
		return new DeadLetterProducer(producerFactory, payloadSerializer, identity.clientId() + "-dlq");
	}

	@Bean
	DeliveryAttempts kafkaUtilsDeliveryAttempts() {
		return new DeliveryAttempts();
	}

	@Bean
	ErrorHandlerReplacementNotice kafkaUtilsErrorHandlerReplacementNotice(ListableBeanFactory beanFactory) {
		return new ErrorHandlerReplacementNotice(beanFactory);
	}

	/**
	 * Not for transactional containers: an error handler there would retry and recover
	 * inside the delivery's transaction and commit the output of the failed attempts with
	 * it. The after-rollback processor ({@link TransactionalConfiguration}) applies the
	 * same policy after each rollback instead.
	 */
	@Bean(ErrorHandlerReplacementNotice.KAFKA_UTILS_HANDLER)
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	@ConditionalOnExpression("'${spring.kafka.producer.transaction-id-prefix:}'.isEmpty()")
	DefaultErrorHandler kafkaUtilsErrorHandler(ErrorHandlingSettings settings, DeliveryAttempts attempts,
			ObjectProvider<ConsumerRecordRecoverer> recoverer, ObjectProvider<RetryListener> retryListeners,
			ObjectProvider<ErrorHandlerCustomizer> customizers) {
		ConsumerRecordRecoverer chosen = SingleBean.of(recoverer, ConsumerRecordRecoverer.class,
				"the kafka-utils error handler hands failed records to one recoverer");
		DefaultErrorHandler errorHandler = new DefaultErrorHandler(
				(chosen != null) ? chosen : new LoggingRecoverer(attempts), settings.backOff());
		errorHandler.addNotRetryableExceptions(settings.nonRetryable().toArray(Class[]::new));
		// setRetryListeners replaces; DefaultErrorHandler has no way to add one later
		errorHandler.setRetryListeners(retryListeners(attempts, retryListeners));
		// retry the remaining records of a poll from memory instead of seeking and fetching them again
		errorHandler.setSeekAfterError(false);
		// a failed attempt is not news; the recoverer logs the record's fate once
		errorHandler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(errorHandler));
		return errorHandler;
	}

	private static RetryListener[] retryListeners(DeliveryAttempts attempts,
			ObjectProvider<RetryListener> retryListeners) {
		return Stream
			.concat(Stream.of(attempts), retryListeners.orderedStream().filter((listener) -> listener != attempts))
			.toArray(RetryListener[]::new);
	}

	/**
	 * Transactional listener containers (a transaction-id prefix, for which Spring Boot
	 * creates its {@code KafkaTransactionManager} and hands it to its listener container
	 * factory and configurer): a failed delivery rolls its transaction back, and the
	 * after-rollback processor takes the error handler's place with the same back-off,
	 * non-retryable exceptions, attempt counting and recoverer. The dead-letter copy is
	 * written in a new transaction together with the failed record's offset
	 * ({@code commitRecovered}), so a record is never both dead-lettered and delivered
	 * again.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "spring.kafka.producer.transaction-id-prefix")
	static class TransactionalConfiguration {

		@Bean
		@ConditionalOnMissingBean(AfterRollbackProcessor.class)
		DefaultAfterRollbackProcessor<Object, Object> kafkaUtilsAfterRollbackProcessor(ErrorHandlingSettings settings,
				DeliveryAttempts attempts, DeadLetterProducer producer, ObjectProvider<ConsumerRecordRecoverer> recoverer,
				ObjectProvider<RetryListener> retryListeners) {
			ConsumerRecordRecoverer chosen = SingleBean.of(recoverer, ConsumerRecordRecoverer.class,
					"the kafka-utils after-rollback processor hands failed records to one recoverer");
			DefaultAfterRollbackProcessor<Object, Object> processor = new DefaultAfterRollbackProcessor<>(
					(chosen != null) ? chosen : new LoggingRecoverer(attempts), settings.backOff(), producer.template(),
					true);
			processor.addNotRetryableExceptions(settings.nonRetryable().toArray(Class[]::new));
			processor.setRetryListeners(retryListeners(attempts, retryListeners));
			return processor;
		}

	}

	/**
	 * Batch listeners: unreadable records taken out of the batch and dead-lettered, and
	 * failures traced to their records ({@code kafka.utils.retry.batch.strategy}).
	 */
	@Bean
	BatchListenerInstaller kafkaUtilsBatchListenerInstaller(ObjectProvider<KafkaListenerEndpointRegistry> registry,
			RetryProperties retry, DeliveryAttempts attempts, ObjectProvider<ConsumerRecordRecoverer> recoverer,
			ObjectProvider<BatchDeliveryListener> listeners) {
		return new BatchListenerInstaller(registry, retry.getBatch().getStrategy() == RetryProperties.BatchStrategy.SPLIT,
				() -> poisonPills(attempts, recoverer), () -> listeners.orderedStream().toList());
	}

	private static IsolatingBatchListener.PoisonPills poisonPills(DeliveryAttempts attempts,
			ObjectProvider<ConsumerRecordRecoverer> recoverer) {
		ConsumerRecordRecoverer chosen = SingleBean.of(recoverer, ConsumerRecordRecoverer.class,
				"the kafka-utils error handler hands failed records to one recoverer");
		ConsumerRecordRecoverer target = (chosen != null) ? chosen : new LoggingRecoverer(attempts);
		return new UnreadableRecordRecoverer(target, attempts);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "kafka.utils.dlq.enabled", matchIfMissing = true)
	static class DeadLetterConfiguration {

		@Bean
		@ConditionalOnMissingBean(ConsumerRecordRecoverer.class)
		DeadLetterRecoverer kafkaUtilsDeadLetterRecoverer(DeadLetterProducer producer,
				DeadLetterTopicResolver deadLetterTopics, DeliveryAttempts attempts, FailureHeaders headers,
				FailureReporter reporter) {
			return new DeadLetterRecoverer(producer, deadLetterTopics, attempts, headers, reporter);
		}

		@Bean
		@ConditionalOnMissingBean
		DeadLetterReplayer kafkaUtilsDeadLetterReplayer(DeadLetterProducer producer,
				ConsumerFactory<?, ?> consumerFactory, DeadLetterProperties deadLetters, TopicNames topicNames) {
			return new DeadLetterReplayer(producer, consumerFactory.getConfigurationProperties(), topicNames,
					deadLetters.getReplay().getMaxReplays(), deadLetters.getReplay().getTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		DeadLetterDepth kafkaUtilsDeadLetterDepth(ObjectProvider<KafkaAdmin> kafkaAdmin) {
			// looked up on the first reading: KafkaAdmin is Spring Boot's, configured after this class
			return new DeadLetterDepth(() -> kafkaAdmin.getObject().getConfigurationProperties(), DEPTH_TIMEOUT);
		}

	}

}
