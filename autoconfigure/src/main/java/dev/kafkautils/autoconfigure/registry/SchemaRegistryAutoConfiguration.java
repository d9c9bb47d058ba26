package dev.kafkautils.autoconfigure.registry;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The schema registry client: a {@link CachingSchemaRegistryClient} over an
 * {@link HttpSchemaRegistryClient}, checked at start-up to answer within
 * {@code kafka.utils.schema-registry.startup-timeout}; its meters, its
 * {@code schemaRegistry} health indicator, and masking of its credentials in the
 * actuator's {@code configprops} and {@code env}. Active only when at least one
 * {@code kafka.utils.schema-registry.url} is set and {@code ...enabled} is not false; the
 * client needs Jackson.
 */
@AutoConfiguration(after = { KafkaUtilsAutoConfiguration.class, SslAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnKafkaUtils
@ConditionalOnBooleanProperty(name = SchemaRegistryProperties.PREFIX + ".enabled", matchIfMissing = true)
@Conditional(SchemaRegistryAutoConfiguration.OnRegistryUrl.class)
@EnableConfigurationProperties(SchemaRegistryProperties.class)
@Import({ SchemaRegistryAutoConfiguration.MicrometerMetricsConfiguration.class,
		SchemaRegistryAutoConfiguration.ClientConfiguration.class,
		SchemaRegistryAutoConfiguration.NoJacksonConfiguration.class,
		SchemaRegistryAutoConfiguration.HealthConfiguration.class,
		SchemaRegistryAutoConfiguration.SanitizingConfiguration.class })
public final class SchemaRegistryAutoConfiguration {

	static final String URL = SchemaRegistryProperties.PREFIX + ".url";

	static final String SSL_BUNDLE = SchemaRegistryProperties.PREFIX + ".ssl-bundle";

	/** Without Micrometer, or with kafka-utils metrics off: nothing is recorded. */
	@Bean
	@ConditionalOnMissingBean(SchemaRegistryMetrics.class)
	SchemaRegistryMetrics kafkaUtilsSchemaRegistryNoMetrics() {
		return SchemaRegistryMetrics.NONE;
	}

	static HttpSchemaRegistryClient httpClient(SchemaRegistryProperties properties,
			ObjectProvider<SslBundles> sslBundles, SchemaRegistryMetrics metrics) {
		try {
			return new HttpSchemaRegistryClient(properties, sslBundle(properties, sslBundles), metrics);
		}
		catch (IllegalArgumentException ex) {
			throw new KafkaUtilsPropertyException(URL, "(see the message)", ex.getMessage(),
					"Set " + URL + " to the absolute base URL of the registry's Confluent-compatible API, such as "
							+ "http://registry:8081 (Confluent) or http://registry:8080/apis/ccompat/v7 (Apicurio).",
					ex);
		}
	}

	private static @Nullable SslBundle sslBundle(SchemaRegistryProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		String name = properties.getSslBundle();
		if (name == null || name.isEmpty()) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new KafkaUtilsPropertyException(SSL_BUNDLE, name, "no SSL bundles are configured",
					"Define the bundle under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name
							+ ", or remove " + SSL_BUNDLE + " to use the JDK's trust store.");
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new KafkaUtilsPropertyException(SSL_BUNDLE, name, "there is no SSL bundle of that name",
					"Define the bundle under spring.ssl.bundle.jks." + name + " or spring.ssl.bundle.pem." + name
							+ ", or set " + SSL_BUNDLE + " to the name of an existing bundle.",
					ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
	static class ClientConfiguration {

		/**
		 * Checks at once that a registry answers, so that nothing (the start-up
		 * compatibility gate included) uses a client whose registry is unreachable.
		 */
		@Bean
		@ConditionalOnMissingBean(SchemaRegistryClient.class)
		CachingSchemaRegistryClient schemaRegistryClient(SchemaRegistryProperties properties,
				ObjectProvider<SslBundles> sslBundles, SchemaRegistryMetrics metrics) {
			HttpSchemaRegistryClient http = httpClient(properties, sslBundles, metrics);
			SchemaRegistryConnectionCheck.verify(http, properties.getStartupTimeout(), properties.getReadTimeout());
			return new CachingSchemaRegistryClient(http, properties.getCache(), metrics);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	static class NoJacksonConfiguration {

		@Bean
		@ConditionalOnMissingBean(SchemaRegistryClient.class)
		SchemaRegistryClient schemaRegistryClient() {
			throw new KafkaUtilsPropertyException(URL, "(set)", "the schema registry client needs Jackson 3, which is "
					+ "not on the classpath", "Add spring-boot-starter-jackson to the application's dependencies, "
							+ "or remove " + URL + ".");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "kafka.utils.metrics.enabled", matchIfMissing = true)
	static class MicrometerMetricsConfiguration {

		/** The histogram switch is read from the environment, with the metrics concern's default. */
		@Bean
		@ConditionalOnMissingBean(SchemaRegistryMetrics.class)
		MicrometerSchemaRegistryMetrics kafkaUtilsSchemaRegistryMetrics(MeterRegistry registry,
				Environment environment) {
			return new MicrometerSchemaRegistryMetrics(registry,
					environment.getProperty("kafka.utils.metrics.histogram", Boolean.class, true));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
			"tools.jackson.databind.json.JsonMapper" })
	@ConditionalOnEnabledHealthIndicator("schema-registry")
	static class HealthConfiguration {

		/** Its own HTTP client without meters: health checks are not the application's traffic. */
		@Bean
		@ConditionalOnMissingBean(name = "schemaRegistryHealthIndicator")
		HealthIndicator schemaRegistryHealthIndicator(SchemaRegistryProperties properties,
				ObjectProvider<SslBundles> sslBundles) {
			return new SchemaRegistryHealthIndicator(
					httpClient(properties, sslBundles, SchemaRegistryMetrics.NONE), properties.getReadTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
	static class SanitizingConfiguration {

		/**
		 * Masks the registry's password and bearer token, and URLs with user info, in
		 * {@code /actuator/configprops} and {@code /actuator/env}, also where
		 * {@code show-values} is {@code always}.
		 */
		@Bean
		SanitizingFunction kafkaUtilsSchemaRegistrySanitizer() {
			// configprops names them as the Java properties (bearerToken), env as written (bearer-token,
			// or KAFKA_UTILS_SCHEMAREGISTRY_AUTHENTICATION_BEARERTOKEN)
			String authentication = canonical(SchemaRegistryProperties.PREFIX + ".authentication.");
			String url = canonical(URL);
			return (data) -> {
				String key = canonical(data.getKey());
				if (key.equals(authentication + "password") || key.equals(authentication + "bearertoken")
						|| (key.startsWith(url) && data.getValue() != null
								&& String.valueOf(data.getValue()).contains("@"))) {
					return data.withSanitizedValue();
				}
				return data;
			};
		}

		private static String canonical(String key) {
			return key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
		}

	}

	/** Matches when at least one {@code kafka.utils.schema-registry.url} is set. */
	static class OnRegistryUrl extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			List<URI> urls = Binder.get(context.getEnvironment())
				.bind(URL, Bindable.listOf(URI.class))
				.orElse(List.of());
			return urls.isEmpty() ? ConditionOutcome.noMatch("no " + URL + " is set")
					: ConditionOutcome.match(URL + " is set");
		}

	}

}
