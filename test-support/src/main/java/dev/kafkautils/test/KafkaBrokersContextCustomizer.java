package dev.kafkautils.test;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registers a {@link KafkaConnectionDetails} bean for the cluster of one test class, so
 * that Spring Boot's {@code KafkaAutoConfiguration} backs off its property-based one, and
 * closes the application context before that cluster. It also caps kafka-utils' topic
 * replication at the cluster's size ({@code kafka.utils.provisioning.max-replication}, at
 * the lowest precedence, so a test's own value wins): the tiers ask for three replicas,
 * which a one-node test cluster cannot give. Two customizers are equal when
 * they stand for the same test class's cluster: contexts are cached per cluster.
 */
final class KafkaBrokersContextCustomizer implements ContextCustomizer {

	static final String BEAN_NAME = "kafkaBrokersConnectionDetails";

	static final String PROPERTY_SOURCE_NAME = "kafkaBrokers";

	static final String MAX_REPLICATION = "kafka.utils.provisioning.max-replication";

	private final Class<?> owner;

	KafkaBrokersContextCustomizer(Class<?> owner) {
		this.owner = owner;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		RunningCluster running = RunningCluster.of(this.owner);
		if (running == null) {
			throw new IllegalStateException("No Kafka cluster runs for " + this.owner.getName()
					+ ": KafkaBrokersExtension starts it before the test class's Spring context loads");
		}
		if (!(context.getBeanFactory() instanceof BeanDefinitionRegistry registry)) {
			throw new IllegalStateException("Cannot register KafkaConnectionDetails in " + context);
		}
		KafkaCluster cluster = running.cluster();
		context.getEnvironment()
			.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of(MAX_REPLICATION, Integer.toString(cluster.size()))));
		registry.registerBeanDefinition(BEAN_NAME,
				new RootBeanDefinition(KafkaConnectionDetails.class, () -> new ClusterConnectionDetails(cluster)));
		running.closeBefore(context);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof KafkaBrokersContextCustomizer customizer && this.owner == customizer.owner;
	}

	@Override
	public int hashCode() {
		return this.owner.hashCode();
	}

	/** The nodes' plaintext listeners. */
	static final class ClusterConnectionDetails implements KafkaConnectionDetails {

		private final KafkaCluster cluster;

		ClusterConnectionDetails(KafkaCluster cluster) {
			this.cluster = cluster;
		}

		@Override
		public List<String> getBootstrapServers() {
			return List.of(this.cluster.bootstrapServers().split(","));
		}

		/** Plaintext, whatever {@code spring.kafka.security.protocol} says. */
		@Override
		public String getSecurityProtocol() {
			return "PLAINTEXT";
		}

	}

}
