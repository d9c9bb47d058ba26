package dev.kafkautils.autoconfigure.errors;

import java.util.stream.Stream;

import dev.kafkautils.autoconfigure.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.ServiceIdentity;
import dev.kafkautils.autoconfigure.codec.KafkaCodecAutoConfiguration;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.topics.TopicNames;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.util.StringUtils;

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
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty(name = "kafka.utils.enabled", matchIfMissing = true)
@Import(RetryTopicsConfiguration.class)
public final class KafkaErrorHandlingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeadLetterTopicNames kafkaUtilsDeadLetterTopicNames(TopicNames topicNames, KafkaUtilsProperties properties,
			ServiceIdentity identity) {
		return new DeadLetterTopicNames(topicNames, properties.getTopics(), properties.getDlq().getTopicPattern(),
				identity.serviceName());
	}

	@Bean
	ErrorHandlingSettings kafkaUtilsErrorHandlingSettings(KafkaUtilsProperties properties,
			ResourceLoader resourceLoader) {
		return ErrorHandlingSettings.of(properties, resourceLoader.getClassLoader());
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
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler kafkaUtilsErrorHandler(ErrorHandlingSettings settings, DeliveryAttempts attempts,
			ObjectProvider<ConsumerRecordRecoverer> recoverer, ObjectProvider<RetryListener> retryListeners,
			ObjectProvider<ErrorHandlerCustomizer> customizers) {
		DefaultErrorHandler errorHandler = new DefaultErrorHandler(
				recoverer.getIfUnique(() -> new LoggingRecoverer(attempts)), settings.backOff());
		errorHandler.addNotRetryableExceptions(settings.nonRetryable().toArray(Class[]::new));
		// setRetryListeners replaces; DefaultErrorHandler has no way to add one later
		errorHandler.setRetryListeners(Stream
			.concat(Stream.of(attempts), retryListeners.orderedStream().filter((listener) -> listener != attempts))
			.toArray(RetryListener[]::new));
		// retry the remaining records of a poll from memory instead of seeking and fetching them again
		errorHandler.setSeekAfterError(false);
		// a failed attempt is not news; the recoverer logs the record's fate once
		errorHandler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(errorHandler));
		return errorHandler;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "kafka.utils.dlq.enabled", matchIfMissing = true)
	static class DeadLetterConfiguration {

		@Bean
		@ConditionalOnMissingBean(ConsumerRecordRecoverer.class)
		DeadLetterRecoverer kafkaUtilsDeadLetterRecoverer(DeadLetterProducer producer,
				DeadLetterTopicNames deadLetterTopicNames, DeliveryAttempts attempts, ErrorHandlingSettings settings,
				KafkaUtilsProperties properties, ServiceIdentity identity, TopicNames topicNames,
				ObjectProvider<JsonMapper> jsonMapper) {
			FailureEventPublisher events = null;
			String eventTopic = properties.getErrors().getTopic();
			if (StringUtils.hasText(eventTopic)) {
				events = new FailureEventPublisher(producer.template(), topicNames.physical(eventTopic),
						jsonMapper.getIfAvailable(JsonMapper::shared).writer(), contentTypeHeader(properties));
			}
			return new DeadLetterRecoverer(producer, deadLetterTopicNames, attempts, identity.serviceName(),
					settings.maxAttempts(), properties.getDlq().getMaxStackTraceLength(), events);
		}

		@Bean
		@ConditionalOnMissingBean
		DeadLetterReplayer kafkaUtilsDeadLetterReplayer(DeadLetterProducer producer,
				ConsumerFactory<?, ?> consumerFactory, KafkaUtilsProperties properties, TopicNames topicNames) {
			return new DeadLetterReplayer(producer, consumerFactory.getConfigurationProperties(), topicNames,
					properties.getDlq().getReplay().getMaxReplays());
		}

		private static String contentTypeHeader(KafkaUtilsProperties properties) {
			return properties.getHeaders().getContentType().isEnabled()
					? properties.getHeaders().getContentType().getName() : KafkaHeaders.PREFIX + "content-type";
		}

	}

}
