package dev.kafkautils.autoconfigure.topics;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.RequiredTopics;
import dev.kafkautils.autoconfigure.core.StartupAdmin;
import dev.kafkautils.autoconfigure.core.TopicNames;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Topic provisioning by tiers: declared topics and the topics other concerns require
 * ({@link RequiredTopics}: the error-event topic, the dead-letter topics of consumed
 * topics) are created (or checked) at start-up, before listener containers start.
 */
@AutoConfiguration(after = { KafkaUtilsAutoConfiguration.class, KafkaAutoConfiguration.class })
@ConditionalOnKafkaUtils
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnBooleanProperty(name = "kafka.utils.provisioning.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProvisioningProperties.class)
@Import(DeclaredTopicBeans.class)
public final class KafkaTopicsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TopicPlanner kafkaUtilsTopicPlanner(KafkaUtilsProperties properties, ProvisioningProperties provisioning,
			TopicNames topicNames, ObjectProvider<RequiredTopics> requiredTopics) {
		return new TopicPlanner(properties, provisioning, topicNames, requiredTopics.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	TopicProvisioner kafkaUtilsTopicProvisioner(ProvisioningProperties provisioning) {
		return new TopicProvisioner(provisioning);
	}

	@Bean
	TopicProvisioningLifecycle kafkaUtilsTopicProvisioning(TopicPlanner planner, TopicProvisioner provisioner,
			StartupAdmin startupAdmin, ObjectProvider<KafkaListenerEndpointRegistry> listenerRegistry) {
		return new TopicProvisioningLifecycle(planner, provisioner, startupAdmin, listenerRegistry);
	}

	@Bean
	static KafkaAdminTopicFilter kafkaUtilsKafkaAdminTopicFilter(ObjectProvider<TopicPlanner> planner) {
		return new KafkaAdminTopicFilter(planner);
	}

}
