package dev.kafkautils.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.util.ClassUtils;

/**
 * Spring's test framework asks this factory (registered in {@code META-INF/spring.factories})
 * about every test class; for one whose tests run on a {@link KafkaCluster} of
 * {@link KafkaBrokersExtension}, it adds a {@link KafkaBrokersContextCustomizer} that
 * points Spring Boot's Kafka support at that cluster.
 * <p>
 * Why a context customizer rather than properties or {@code @ServiceConnection}: the
 * cluster starts per test class, after Spring has read the class's configuration, so its
 * address cannot be a property source known up front; {@code @ServiceConnection} is for
 * beans and fields that describe a container. A customizer is part of the context's cache
 * key, so each cluster gets its own context, and it can register the
 * {@code KafkaConnectionDetails} bean with which Spring Boot's own auto-configuration
 * (and everything built on {@code KafkaAdmin} and its client factories) finds the
 * brokers, in place of {@code spring.kafka.bootstrap-servers}.
 */
class KafkaBrokersContextCustomizerFactory implements ContextCustomizerFactory {

	private static final boolean CONNECTION_DETAILS_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails",
			KafkaBrokersContextCustomizerFactory.class.getClassLoader());

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		if (!CONNECTION_DETAILS_PRESENT) {
			return null;
		}
		Class<?> owner = ClusterOwner.of(testClass);
		return (owner != null) ? new KafkaBrokersContextCustomizer(owner) : null;
	}

}
