package dev.kafkautils.autoconfigure.errors;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The {@code kafkadlq} actuator endpoint, when actuator is present and the endpoint is
 * available.
 */
@AutoConfiguration(after = { KafkaErrorHandlingAutoConfiguration.class, KafkaAutoConfiguration.class })
@ConditionalOnKafkaUtils
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
public final class DeadLetterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ DeadLetterDepth.class, DeadLetterReplayer.class })
	DeadLetterEndpoint kafkaDeadLetterEndpoint(DeadLetterDepth depth, DeadLetterReplayer replayer,
			DeadLetterTopicResolver deadLetterTopics, KafkaListenerEndpointRegistry registry) {
		return new DeadLetterEndpoint(depth, replayer, deadLetterTopics, registry);
	}

}
