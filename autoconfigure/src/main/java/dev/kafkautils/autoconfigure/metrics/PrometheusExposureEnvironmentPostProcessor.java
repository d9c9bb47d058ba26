package dev.kafkautils.autoconfigure.metrics;

import java.util.Map;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Exposes the {@code health} and {@code prometheus} actuator endpoints over the web when
 * the application has not chosen its web exposure itself, so that the meters the starter
 * publishes can be scraped without every service repeating
 * {@code management.endpoints.web.exposure.include}. The property source is added last:
 * any exposure setting of the application's, {@code include} or {@code exclude}, turns
 * this default off entirely, and so do {@code kafka.utils.metrics.expose-prometheus=false}
 * and {@code kafka.utils.enabled=false}. Nothing happens without the Prometheus registry.
 */
public class PrometheusExposureEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "kafkaUtilsPrometheusExposure";

	static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

	private static final String EXPOSURE = "management.endpoints.web.exposure";

	private final boolean prometheusPresent;

	public PrometheusExposureEnvironmentPostProcessor() {
		this(ClassUtils.isPresent(PROMETHEUS_REGISTRY,
				PrometheusExposureEnvironmentPostProcessor.class.getClassLoader()));
	}

	PrometheusExposureEnvironmentPostProcessor(boolean prometheusPresent) {
		this.prometheusPresent = prometheusPresent;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!this.prometheusPresent) {
			return;
		}
		Binder binder = Binder.get(environment);
		boolean enabled = binder.bind(KafkaUtilsProperties.PREFIX + ".enabled", Boolean.class).orElse(true)
				&& binder.bind(MetricsProperties.PREFIX + ".expose-prometheus", Boolean.class).orElse(true);
		if (enabled && !isSet(binder, EXPOSURE + ".include") && !isSet(binder, EXPOSURE + ".exclude")) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
						Map.of(EXPOSURE + ".include", "health,prometheus")));
		}
	}

	/** Set in any form Spring Boot binds: a list, indexed entries, an environment variable, even empty. */
	private static boolean isSet(Binder binder, String name) {
		return binder.bind(name, Bindable.listOf(String.class)).isBound();
	}

}
