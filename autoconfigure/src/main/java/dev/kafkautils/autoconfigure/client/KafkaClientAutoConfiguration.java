package dev.kafkautils.autoconfigure.client;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.core.StartupAdmin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Production defaults for Spring Boot's Kafka clients and the start-up connection
 * check. Contributes customizers to Boot's factories rather than replacing them. With
 * the actuator, Kafka's secrets are masked in its environment and configuration
 * endpoints.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class, before = KafkaAutoConfiguration.class)
@ConditionalOnKafkaUtils
@EnableConfigurationProperties({ ClientProperties.class, SecurityProperties.class })
public final class KafkaClientAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "kafka.utils.client.production-defaults", matchIfMissing = true)
	static class ProductionDefaultsConfiguration {

		@Bean
		DefaultKafkaProducerFactoryCustomizer kafkaUtilsProducerDefaults(ServiceIdentity identity) {
			return ProductionDefaultsCustomizers.producer(identity);
		}

		@Bean
		DefaultKafkaConsumerFactoryCustomizer kafkaUtilsConsumerDefaults(ServiceIdentity identity) {
			return ProductionDefaultsCustomizers.consumer(identity);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SecretsSanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "kafkaUtilsSecretsSanitizer")
		SanitizingFunction kafkaUtilsSecretsSanitizer() {
			return new KafkaSecretsSanitizingFunction();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "kafka.utils.client.verify-connection", matchIfMissing = true)
	static class ConnectionVerificationConfiguration {

		@Bean
		ConnectionVerifier kafkaUtilsConnectionVerifier(ObjectProvider<KafkaAdmin> kafkaAdmin,
				StartupAdmin startupAdmin, ClientProperties properties) {
			return new ConnectionVerifier(kafkaAdmin, startupAdmin, properties.getVerifyTimeout());
		}

	}

}
