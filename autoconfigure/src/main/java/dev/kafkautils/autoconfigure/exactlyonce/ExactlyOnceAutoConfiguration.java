package dev.kafkautils.autoconfigure.exactlyonce;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.errors.KafkaErrorHandlingAutoConfiguration;
import dev.kafkautils.autoconfigure.errors.RetryProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Exactly-once with {@code kafka.utils.exactly-once.enabled=true}. The settings come
 * from {@link ExactlyOnceEnvironmentPostProcessor}, which hands them to Spring Boot
 * (its transactional producer factory, {@code KafkaTransactionManager} and listener
 * container factory do the rest); the error handling's after-rollback processor keeps
 * retries and dead-letter topics as they are in blocking mode. This class checks at
 * start-up that nothing undoes it.
 */
@AutoConfiguration(after = { KafkaUtilsAutoConfiguration.class, KafkaErrorHandlingAutoConfiguration.class,
		KafkaAutoConfiguration.class })
@ConditionalOnKafkaUtils
@ConditionalOnBooleanProperty(name = ExactlyOnceProperties.PREFIX + ".enabled")
@EnableConfigurationProperties(ExactlyOnceProperties.class)
public final class ExactlyOnceAutoConfiguration {

	/** Fails start-up, naming the property, on a setting that would break exactly-once. */
	@Bean
	ExactlyOnceCheck kafkaUtilsExactlyOnceCheck(ProducerFactory<?, ?> producerFactory,
			ConsumerFactory<?, ?> consumerFactory, RetryProperties retry, ConfigurableEnvironment environment) {
		ExactlyOnceVerifier.verify(producerFactory, consumerFactory, retry, environment);
		return new ExactlyOnceCheck(producerFactory.getTransactionIdPrefix());
	}

	/**
	 * The outcome of the start-up check.
	 * @param transactionIdPrefix the prefix of this instance's transactional ids
	 */
	public record ExactlyOnceCheck(String transactionIdPrefix) {
	}

}
