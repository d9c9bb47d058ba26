package dev.kafkautils.devbroker;

import java.util.Map;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Development defaults that apply only while the dev broker is in use, as the property
 * source of lowest precedence: every other source (application.yml, the environment,
 * command-line arguments) overrides them. Added before any bean is created, so
 * configuration properties bind them like any other value.
 * <ul>
 * <li>{@code kafka.utils.provisioning.max-replication=1}: the dev broker is one node, so
 * the tiers' replication is clamped to it (kafka-utils logs that it did).</li>
 * </ul>
 */
final class DevBrokerDefaults implements BeanFactoryPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "kafkaUtilsDevBrokerDefaults";

	static final Map<String, Object> DEFAULTS = Map.of("kafka.utils.provisioning.max-replication", "1");

	private final ConfigurableEnvironment environment;

	DevBrokerDefaults(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!this.environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			this.environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, DEFAULTS));
		}
	}

}
