package dev.kafkautils.autoconfigure.registry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.kafkautils.autoconfigure.registry.FakeSchemaRegistry.hang;
import static dev.kafkautils.autoconfigure.registry.FakeSchemaRegistry.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring: when the client exists, the user's own client winning, the start-up check,
 * meters, the health indicator and the masking of credentials.
 */
class SchemaRegistryAutoConfigurationTests {

	private static final String PREFIX = "kafka.utils.schema-registry.";

	private final FakeSchemaRegistry fake = new FakeSchemaRegistry()
		.answer("/config", json(200, "{\"compatibilityLevel\":\"BACKWARD\"}"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SchemaRegistryAutoConfiguration.class, SslAutoConfiguration.class));

	@AfterEach
	void close() {
		this.fake.close();
	}

	@Test
	void withoutAUrlNothingIsActive() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(SchemaRegistryClient.class)
			.doesNotHaveBean(SchemaRegistryProperties.class)
			.doesNotHaveBean("schemaRegistryHealthIndicator"));
	}

	@Test
	void switchedOffNothingIsActiveEvenWithAUrl() {
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url(), PREFIX + "enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SchemaRegistryClient.class)
				.doesNotHaveBean("schemaRegistryHealthIndicator"));
		assertThat(this.fake.requests()).isEmpty();
	}

	@Test
	void kafkaUtilsSwitchedOffNothingIsActive() {
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url(), "kafka.utils.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SchemaRegistryClient.class));
	}

	@Test
	void withAUrlTheClientIsTheCachingOneOverHttpCheckedAtStartUp() {
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url() + "," + this.fake.url() + "/second")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SchemaRegistryClient.class);
				CachingSchemaRegistryClient client = context.getBean(CachingSchemaRegistryClient.class);
				assertThat(((HttpSchemaRegistryClient) client.delegate()).urls()).containsExactly(this.fake.url(),
						this.fake.url() + "/second");
				assertThat(context).getBean(SchemaRegistryMetrics.class).isSameAs(SchemaRegistryMetrics.NONE);
				assertThat(this.fake.requestsTo("/config")).isOne();
			});
	}

	@Test
	void theUsersClientWinsAndIsNotChecked() {
		this.runner.withPropertyValues(PREFIX + "url=http://127.0.0.1:1")
			.withUserConfiguration(OwnClient.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(SchemaRegistryClient.class)
				.isSameAs(context.getBean(OwnClient.class).client));
	}

	@Test
	void anUnreachableRegistryFailsStartUpWithinTheStartupTimeoutNamingTheUrl() throws Exception {
		String down = "http://127.0.0.1:" + HttpSchemaRegistryClientTests.freePort() + "/apis/ccompat/v7";
		long start = System.nanoTime();
		this.runner.withPropertyValues(PREFIX + "url=" + down, PREFIX + "startup-timeout=2s")
			.run((context) -> {
				assertThat(context).hasFailed();
				SchemaRegistryUnreachableException failure = findCause(context.getStartupFailure());
				assertThat(failure.getUrls()).containsExactly(down);
				FailureAnalysis analysis = new SchemaRegistryUnreachableFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(down)
					.contains("kafka.utils.schema-registry.url")
					.contains("within PT2S")
					.contains("kafka.utils.schema-registry.startup-timeout");
				assertThat(analysis.getAction()).contains("kafka.utils.schema-registry.enabled=false");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2),
				Duration.ofSeconds(8));
	}

	@Test
	void startUpWaitsForARegistryThatAnswersLate() {
		this.fake.answer("/config", json(503, ""), json(503, ""), json(200, "{\"compatibilityLevel\":\"NONE\"}"));
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url(), PREFIX + "retry.max-attempts=1",
				PREFIX + "startup-timeout=20s")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SchemaRegistryClient.class));
		assertThat(this.fake.requestsTo("/config")).isEqualTo(3);
	}

	@Test
	void aRegistryThatNeverAnswersFailsStartUpWithinTheStartupTimeout() {
		this.fake.answer("/config", hang());
		long start = System.nanoTime();
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url(), PREFIX + "startup-timeout=1500ms",
				PREFIX + "read-timeout=30s")
			.run((context) -> assertThat(findCause(context.getStartupFailure()).getMessage())
				.contains(this.fake.url())
				.contains("HttpTimeoutException"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
	}

	@Test
	void refusedCredentialsFailStartUpAtOnce() {
		this.fake.answer("/config", json(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"));
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url(), PREFIX + "authentication.username=svc",
				PREFIX + "authentication.password=wrong-password", PREFIX + "startup-timeout=30s")
			.run((context) -> {
				SchemaRegistryUnreachableException failure = findCause(context.getStartupFailure());
				assertThat(failure.isAuthenticationFailure()).isTrue();
				FailureAnalysis analysis = new SchemaRegistryUnreachableFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("refused the credentials")
					.doesNotContain("wrong-password");
				assertThat(analysis.getAction()).contains("authentication.username");
			});
		assertThat(this.fake.requestsTo("/config")).isOne();
	}

	@Test
	void aUrlThatIsNotTheApiFailsStartUpAtOnce() {
		String wrong = this.fake.url() + "/not-the-api";
		long start = System.nanoTime();
		this.runner.withPropertyValues(PREFIX + "url=" + wrong, PREFIX + "startup-timeout=30s").run((context) -> {
			SchemaRegistryUnreachableException failure = findCause(context.getStartupFailure());
			assertThat(failure.isNotTheApi()).isTrue();
			FailureAnalysis analysis = new SchemaRegistryUnreachableFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(wrong).contains("HTTP 404");
			assertThat(analysis.getAction()).contains("/apis/ccompat/v7");
		});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(this.fake.requestsTo("/not-the-api/config")).isOne();
	}

	@Test
	void anUnknownSslBundleFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url(), PREFIX + "ssl-bundle=registry")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (!(failure instanceof KafkaUtilsPropertyException) && failure.getCause() != null) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOf(KafkaUtilsPropertyException.class)
					.hasMessageContaining("kafka.utils.schema-registry.ssl-bundle=registry");
			});
	}

	@Test
	void withoutJacksonStartUpFailsNamingTheFix() {
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url())
			.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(KafkaUtilsPropertyException.class)
				.hasMessageContaining("Jackson"));
	}

	@Test
	void withAMeterRegistryRequestsAndMissesAreMeasured() {
		this.fake.answer("/schemas/ids/3", json(200, "{\"schema\":\"s3\",\"schemaType\":\"PROTOBUF\"}"));
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url())
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				SchemaRegistryClient client = context.getBean(SchemaRegistryClient.class);
				client.schemaById(3);
				client.schemaById(3);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get(MicrometerSchemaRegistryMetrics.REQUESTS)
					.tags("operation", "schema-by-id", "outcome", "success")
					.timer()
					.count()).isOne();
				assertThat(meters.get(MicrometerSchemaRegistryMetrics.REQUESTS)
					.tags("operation", "ping", "outcome", "success")
					.timer()
					.count()).as("the start-up check").isOne();
				assertThat(meters.get(MicrometerSchemaRegistryMetrics.CACHE_MISSES)
					.tag("operation", "schema-by-id")
					.counter()
					.count()).isOne();
			});
	}

	@Test
	void metricsSwitchedOffRecordNothing() {
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url(), "kafka.utils.metrics.enabled=false")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).getBean(SchemaRegistryMetrics.class)
				.isSameAs(SchemaRegistryMetrics.NONE));
	}

	@Test
	void healthIsUpWhileAUrlAnswersAndDownWhenNoneDoes() throws Exception {
		String down = "http://127.0.0.1:" + HttpSchemaRegistryClientTests.freePort();
		this.runner.withPropertyValues(PREFIX + "url=" + down + "," + this.fake.url(), PREFIX + "read-timeout=1s")
			.run((context) -> {
				HealthIndicator health = context.getBean("schemaRegistryHealthIndicator", HealthIndicator.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				assertThat(health.health().getDetails().get("urls"))
					.isEqualTo(java.util.Map.of(down, "unreachable", this.fake.url(), "UP"));
				this.fake.answer("/config", json(503, ""));
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.health().getDetails().get("urls"))
					.isEqualTo(java.util.Map.of(down, "unreachable", this.fake.url(), "HTTP 503"));
			});
	}

	@Test
	void healthCanBeSwitchedOffLikeAnyOther() {
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url(), "management.health.schema-registry.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SchemaRegistryClient.class)
				.doesNotHaveBean("schemaRegistryHealthIndicator"));
	}

	@Test
	void credentialsAndUrlsWithUserInfoAreSanitized() {
		this.runner.withPropertyValues(PREFIX + "url=" + this.fake.url()).run((context) -> {
			List<SanitizingFunction> functions = context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
			assertThat(functions).hasSize(1);
			SanitizingFunction function = functions.get(0);
			assertThat(function.apply(data(PREFIX + "authentication.password", "p")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(data(PREFIX + "authentication.bearer-token", "t")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(data(PREFIX + "authentication.bearerToken", "t")).getValue())
				.as("as configprops names it")
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(data("KAFKA_UTILS_SCHEMAREGISTRY_AUTHENTICATION_PASSWORD", "p")).getValue())
				.as("as an environment variable")
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(data(PREFIX + "url", "http://u:p@registry")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(data(PREFIX + "authentication.username", "svc")).getValue()).isEqualTo("svc");
			assertThat(function.apply(data(PREFIX + "url", "http://registry")).getValue()).isEqualTo("http://registry");
		});
	}

	private static SanitizableData data(String key, Object value) {
		return new SanitizableData(null, key, value);
	}

	private static SchemaRegistryUnreachableException findCause(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof SchemaRegistryUnreachableException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("a SchemaRegistryUnreachableException in " + failure).isNotNull();
		return (SchemaRegistryUnreachableException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClient {

		final SchemaRegistryClient client = new SchemaRegistryClient() {

			@Override
			public SchemaId register(String subject, RegistrySchema schema, boolean normalize) {
				return new SchemaId(1, null);
			}

			@Override
			public Optional<SubjectVersion> lookup(String subject, RegistrySchema schema, boolean normalize) {
				return Optional.empty();
			}

			@Override
			public RegistrySchema schemaById(int id) {
				throw new UnsupportedOperationException();
			}

			@Override
			public RegistrySchema schemaByGuid(UUID guid) {
				throw new UnsupportedOperationException();
			}

			@Override
			public Optional<SubjectVersion> version(String subject, int version) {
				return Optional.empty();
			}

			@Override
			public CompatibilityResult checkCompatibility(String subject, RegistrySchema schema) {
				return new CompatibilityResult(true, List.of());
			}

			@Override
			public Optional<String> compatibility(String subject) {
				return Optional.empty();
			}

			@Override
			public void setCompatibility(String subject, String level) {
			}

		};

		@Bean
		SchemaRegistryClient ownSchemaRegistryClient() {
			return this.client;
		}

	}

}
