package dev.kafkautils.autoconfigure.exactlyonce;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.kafkautils.autoconfigure.core.ServiceIdentity;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code kafka.utils.exactly-once.enabled=true}, sets the Spring Boot properties
 * that make Boot's own Kafka support transactional: a per-instance
 * {@code spring.kafka.producer.transaction-id-prefix} (Boot then builds a transactional
 * producer factory and a {@code KafkaTransactionManager}, which its listener container
 * factory and configurer use) and {@code spring.kafka.consumer.isolation-level=read-committed}.
 * The property source is added last: a value the application sets itself wins, and is
 * checked at start-up ({@link ExactlyOnceVerifier}).
 */
public class ExactlyOnceEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "kafkaUtilsExactlyOnce";

	static final String TRANSACTION_ID_PREFIX = "spring.kafka.producer.transaction-id-prefix";

	static final String ISOLATION_LEVEL = "spring.kafka.consumer.isolation-level";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("kafka.utils.enabled", Boolean.class).orElse(true)
				|| !binder.bind(ExactlyOnceProperties.PREFIX + ".enabled", Boolean.class).orElse(false)) {
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		if (!environment.containsProperty(TRANSACTION_ID_PREFIX)) {
			properties.put(TRANSACTION_ID_PREFIX, TransactionIdPrefix.of(environment, serviceName(environment)));
		}
		if (!environment.containsProperty(ISOLATION_LEVEL)) {
			properties.put(ISOLATION_LEVEL, "read-committed");
		}
		if (!properties.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		}
	}

	private static String serviceName(ConfigurableEnvironment environment) {
		return ServiceIdentity
			.of(environment.getProperty("kafka.utils.service-name"), environment.getProperty("spring.application.name"))
			.serviceName();
	}

}
