package dev.kafkautils.autoconfigure.errors;

import dev.kafkautils.autoconfigure.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.ServiceIdentity;
import dev.kafkautils.autoconfigure.topics.TopicNames;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Failure handling for listener containers: retries with back-off, dead-letter topics,
 * the error-event topic.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class, before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty(name = "kafka.utils.enabled", matchIfMissing = true)
public final class KafkaErrorHandlingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeadLetterTopicNames kafkaUtilsDeadLetterTopicNames(TopicNames topicNames, KafkaUtilsProperties properties,
			ServiceIdentity identity) {
		return new DeadLetterTopicNames(topicNames, properties.getTopics(), properties.getDlq().getTopicPattern(),
				identity.serviceName());
	}

}
