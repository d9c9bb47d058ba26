package dev.kafkautils.autoconfigure.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps what every Kafka client prints when it is created at WARN: its whole
 * configuration ({@code AbstractConfig}, dozens of lines per client) and its version
 * lines ({@code AppInfoParser}). kafka-utils creates clients of its own (the start-up
 * check, provisioning, health, lag, dead-letter depth and the dead-letter producer),
 * each of which would print them again. The levels are a property source added last, so
 * any {@code logging.level.*} of the application's wins;
 * {@code kafka.utils.client.quiet-logging=false} leaves them at INFO. Warnings and errors
 * of the clients are not touched.
 */
public class ClientLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "kafkaUtilsClientLogging";

	static final List<String> QUIETED = List.of("org.apache.kafka.common.config.AbstractConfig",
			"org.apache.kafka.common.utils.AppInfoParser");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		boolean quiet = binder.bind(KafkaUtilsProperties.PREFIX + ".enabled", Boolean.class).orElse(true)
				&& binder.bind(ClientProperties.PREFIX + ".quiet-logging", Boolean.class).orElse(true);
		if (quiet) {
			Map<String, Object> levels = new LinkedHashMap<>();
			QUIETED.forEach((logger) -> levels.put("logging.level." + logger, "warn"));
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, levels));
		}
	}

}
