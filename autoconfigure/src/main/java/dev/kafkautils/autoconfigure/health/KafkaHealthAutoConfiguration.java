package dev.kafkautils.autoconfigure.health;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.kafkautils.autoconfigure.consumer.PollIntervalMonitor;
import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.metrics.ConsumerLagMonitor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The {@code kafka} health indicator ({@link KafkaHealthIndicator}), and its membership
 * of the readiness group. Spring Boot has no Kafka health indicator; switch this one off
 * with {@code management.health.kafka.enabled=false} like any other.
 */
@AutoConfiguration(after = { KafkaUtilsAutoConfiguration.class, KafkaAutoConfiguration.class },
		afterName = { "dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetricsAutoConfiguration",
				"org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration" })
@ConditionalOnKafkaUtils
@ConditionalOnClass({ HealthIndicator.class, KafkaAdmin.class })
@ConditionalOnBean(KafkaAdmin.class)
@ConditionalOnEnabledHealthIndicator("kafka")
@ConditionalOnBooleanProperty(name = "kafka.utils.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HealthProperties.class)
public final class KafkaHealthAutoConfiguration {

	private static final String MAX_LAG = HealthProperties.PREFIX + ".max-lag";

	@Bean
	@ConditionalOnMissingBean(name = "kafkaHealthIndicator")
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin,
			ObjectProvider<KafkaListenerEndpointRegistry> containers, HealthProperties health,
			ObjectProvider<TopicNames> topicNames, ObjectProvider<PollIntervalMonitor> pollIntervals,
			ListableBeanFactory beanFactory, ObjectProvider<ProducerFactory<?, ?>> producerFactory) {
		Long maxLag = health.getMaxLag();
		Supplier<OptionalLong> currentMaxLag = (maxLag != null) ? currentMaxLag(maxLag, beanFactory) : null;
		TopicNames names = health.isCheckPartitions() ? topicNames.getIfAvailable() : null;
		Collection<String> topics = (names != null) ? List.copyOf(new TreeSet<>(names.declared().values()))
				: List.of();
		KafkaHealthIndicator indicator = new KafkaHealthIndicator(kafkaAdmin::getConfigurationProperties,
				health.getTimeout(), containers, currentMaxLag, maxLag, () -> topics, pollIntervals::getIfAvailable);
		ProducerFactory<?, ?> producers = producerFactory.getIfUnique();
		if (producers != null && producers.transactionCapable()) {
			indicator.setTransactionIdPrefix(producers.getTransactionIdPrefix());
		}
		return indicator;
	}

	/** Looked up only when a maximum lag is set: the lag monitor needs Micrometer. */
	private static Supplier<OptionalLong> currentMaxLag(long maxLag, ListableBeanFactory beanFactory) {
		if (maxLag < 0) {
			throw new KafkaUtilsPropertyException(MAX_LAG, maxLag, "a lag cannot be negative",
					"Set " + MAX_LAG + " to 0 or more records, or remove it.");
		}
		ConsumerLagMonitor monitor = beanFactory.getBeanProvider(ConsumerLagMonitor.class).getIfAvailable();
		if (monitor == null) {
			throw new KafkaUtilsPropertyException(MAX_LAG, maxLag,
					"the lag is read by the lag gauges, which are off (they need a MeterRegistry, "
							+ KafkaUtilsProperties.PREFIX + ".metrics.enabled and "
							+ KafkaUtilsProperties.PREFIX + ".metrics.lag.enabled)",
					"Remove " + MAX_LAG + ", or enable the lag gauges (Spring Boot's actuator provides a "
							+ "MeterRegistry).");
		}
		return monitor::maxLag;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
	@ConditionalOnBooleanProperty(name = "kafka.utils.health.readiness", matchIfMissing = true)
	static class ReadinessConfiguration {

		@Bean
		HealthEndpointGroupsPostProcessor kafkaUtilsReadinessGroup() {
			return new KafkaReadinessGroup("kafka");
		}

	}

}
