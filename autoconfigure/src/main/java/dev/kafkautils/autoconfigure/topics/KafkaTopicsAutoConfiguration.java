package dev.kafkautils.autoconfigure.topics;

import dev.kafkautils.autoconfigure.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.errors.DeadLetterTopicNames;
import dev.kafkautils.autoconfigure.errors.KafkaErrorHandlingAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Topic provisioning by tiers: declared topics, the error-event topic and the
 * dead-letter topics of consumed topics are created (or checked) at start-up, before
 * listener containers start.
 */
@AutoConfiguration(after = { KafkaUtilsAutoConfiguration.class, KafkaErrorHandlingAutoConfiguration.class,
		KafkaAutoConfiguration.class })
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnBooleanProperty(name = "kafka.utils.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "kafka.utils.provisioning.enabled", matchIfMissing = true)
@Import(DeclaredTopicBeans.class)
public final class KafkaTopicsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TopicPlanner kafkaUtilsTopicPlanner(KafkaUtilsProperties properties, TopicNames topicNames,
			ObjectProvider<DeadLetterTopicNames> deadLetterTopicNames) {
		DeadLetterTopicNames deadLetters = properties.getDlq().isEnabled() ? deadLetterTopicNames.getIfAvailable()
				: null;
		return new TopicPlanner(properties, topicNames, deadLetters);
	}

	@Bean
	@ConditionalOnMissingBean
	TopicProvisioner kafkaUtilsTopicProvisioner(KafkaUtilsProperties properties) {
		return new TopicProvisioner(properties.getProvisioning());
	}

	@Bean
	TopicProvisioningLifecycle kafkaUtilsTopicProvisioning(TopicPlanner planner, TopicProvisioner provisioner,
			ObjectProvider<KafkaAdmin> kafkaAdmin, ObjectProvider<KafkaListenerEndpointRegistry> listenerRegistry) {
		return new TopicProvisioningLifecycle(planner, provisioner, kafkaAdmin, listenerRegistry);
	}

	@Bean
	static KafkaAdminTopicFilter kafkaUtilsKafkaAdminTopicFilter(ObjectProvider<TopicPlanner> planner) {
		return new KafkaAdminTopicFilter(planner);
	}

}
