package dev.kafkautils.autoconfigure.share;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.errors.DeadLetterRecoverer;
import dev.kafkautils.autoconfigure.errors.ErrorHandlingSettings;
import dev.kafkautils.autoconfigure.errors.KafkaErrorHandlingAutoConfiguration;
import dev.kafkautils.autoconfigure.errors.RetryProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.ShareKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.listener.ShareConsumerRecordRecoverer;
import org.springframework.kafka.support.converter.RecordMessageConverter;

/**
 * Share listeners (KIP-932 share groups): a {@link ShareConsumerFactory} with Spring
 * Boot's consumer connection and security settings, and a share listener container
 * factory ({@value #FACTORY_BEAN_NAME}) whose listeners get typed payloads, a failure
 * handling that releases and dead-letters records like ordinary listeners do, and
 * meters. The groups of the share listeners are checked and set up at start-up.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, KafkaErrorHandlingAutoConfiguration.class },
		afterName = "dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetricsAutoConfiguration")
@ConditionalOnKafkaUtils
@ConditionalOnClass(ShareKafkaListenerContainerFactory.class)
@ConditionalOnBooleanProperty(name = ShareProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShareProperties.class)
public final class KafkaShareAutoConfiguration {

	/** Name of the share listener container factory: {@code @KafkaListener(containerFactory = ...)}. */
	public static final String FACTORY_BEAN_NAME = "shareKafkaListenerContainerFactory";

	@Bean
	@ConditionalOnMissingBean(ShareConsumerFactory.class)
	DefaultShareConsumerFactory<Object, Object> kafkaUtilsShareConsumerFactory(KafkaProperties properties,
			ObjectProvider<KafkaConnectionDetails> connectionDetails, ServiceIdentity identity,
			ObjectProvider<ShareConsumerFactoryCustomizer> customizers) {
		DefaultShareConsumerFactory<Object, Object> factory = new DefaultShareConsumerFactory<>(
				ShareConsumerConfigs.of(properties, connectionDetails.getIfAvailable(), identity));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean(ShareConsumerRecordRecoverer.class)
	DeadLetteringShareRecoverer kafkaUtilsShareRecoverer(ErrorHandlingSettings settings,
			ObjectProvider<DeadLetterRecoverer> deadLetters, ObjectProvider<ShareListenerMetrics> metrics) {
		return new DeadLetteringShareRecoverer(settings.maxAttempts(), settings.nonRetryable(),
				deadLetters.getIfUnique(), metrics.getIfAvailable(() -> ShareListenerMetrics.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	ShareListenerContainerFactoryConfigurer kafkaUtilsShareListenerContainerFactoryConfigurer(
			ShareConsumerFactory<Object, Object> consumerFactory, ShareConsumerRecordRecoverer recoverer,
			ObjectProvider<RecordMessageConverter> converter, ObjectProvider<ShareListenerMetrics> metrics,
			ShareProperties properties, ServiceIdentity identity) {
		return new ShareListenerContainerFactoryConfigurer(consumerFactory, recoverer, converter.getIfUnique(),
				metrics.getIfAvailable(() -> ShareListenerMetrics.NONE), properties, identity.clientId());
	}

	@Bean(FACTORY_BEAN_NAME)
	@ConditionalOnMissingBean(name = FACTORY_BEAN_NAME)
	KafkaUtilsShareListenerContainerFactory<Object, Object> shareKafkaListenerContainerFactory(
			ShareListenerContainerFactoryConfigurer configurer) {
		return configurer.create();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = ShareProperties.PREFIX + ".setup-groups", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "kafka.utils.provisioning.enabled", matchIfMissing = true)
	ShareGroupSetup kafkaUtilsShareGroupSetup(ShareProperties properties, RetryProperties retry,
			ObjectProvider<KafkaAdmin> kafkaAdmin, ObjectProvider<KafkaListenerEndpointRegistry> registry) {
		return new ShareGroupSetup(properties, retry.getMaxAttempts(), kafkaAdmin, registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "kafka.utils.metrics.enabled", matchIfMissing = true)
	static class ShareMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(ShareListenerMetrics.class)
		ShareListenerMetrics kafkaUtilsShareListenerMetrics(MeterRegistry registry, Environment environment) {
			return new MicrometerShareListenerMetrics(registry,
					environment.getProperty("kafka.utils.metrics.histogram", Boolean.class, true));
		}

	}

}
