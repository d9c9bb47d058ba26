package dev.kafkautils.autoconfigure.core;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Entry point of kafka-utils: binds {@code kafka.utils.*} and provides the service
 * identity and the logical-to-physical topic names that every other kafka-utils
 * auto-configuration builds on.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnKafkaUtils
@EnableConfigurationProperties(KafkaUtilsProperties.class)
public final class KafkaUtilsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceIdentity kafkaUtilsServiceIdentity(KafkaUtilsProperties properties, Environment environment) {
		return ServiceIdentity.of(properties.getServiceName(), environment.getProperty("spring.application.name"));
	}

	@Bean
	@ConditionalOnMissingBean
	TopicNames kafkaUtilsTopicNames(KafkaUtilsProperties properties) {
		return TopicNames.of(properties.getTopicPrefix(), properties.getTopics());
	}

	@Bean
	@ConditionalOnMissingBean
	StartupAdmin kafkaUtilsStartupAdmin(ObjectProvider<KafkaAdmin> kafkaAdmin) {
		return new StartupAdmin(() -> kafkaAdmin.getObject().getConfigurationProperties());
	}

}
