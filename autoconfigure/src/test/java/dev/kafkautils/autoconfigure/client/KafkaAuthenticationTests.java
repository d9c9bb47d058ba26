package dev.kafkautils.autoconfigure.client;

import java.time.Duration;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster that refuses the credentials fails start-up at once with a message naming
 * the security properties, never the password; Kafka's secrets are masked in the
 * actuator's endpoints even where values are shown.
 */
class KafkaAuthenticationTests {

	private static final String PASSWORD = "never-show-this-password";

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void refusedCredentialsFailStartupAtOnceNamingTheSecurityProperties() {
		// the shared broker listens in plaintext: a SASL handshake is refused there
		long start = System.nanoTime();
		this.runner
			.withPropertyValues("spring.kafka.security.protocol=SASL_PLAINTEXT",
					"spring.kafka.properties.sasl.mechanism=PLAIN",
					"spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
							+ "required username=\"orders\" password=\"" + PASSWORD + "\";",
					"kafka.utils.client.verify-timeout=20s")
			.run((context) -> {
				assertThat(context).hasFailed();
				// well inside the verify timeout: refused credentials are not waited for
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(
						org.apache.kafka.common.errors.AuthenticationException.class);
				FailureAnalysis analysis = new KafkaAuthenticationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("refused this application's credentials")
					.contains("spring.kafka.security.protocol=SASL_PLAINTEXT")
					.contains("SASL mechanism PLAIN")
					.doesNotContain(PASSWORD);
				assertThat(analysis.getAction()).contains("kafka.utils.security.sasl.jaas-config")
					.doesNotContain(PASSWORD);
				assertThat(new KafkaUnreachableFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
			});
	}

	@Test
	void tlsFailuresNameTheTrustStore() {
		KafkaAuthenticationException failure = new KafkaAuthenticationException("broker:9093", "SSL", null,
				new org.apache.kafka.common.errors.SslAuthenticationException("SSL handshake failed"));
		FailureAnalysis analysis = new KafkaAuthenticationFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("spring.kafka.security.protocol=SSL")
			.contains("SSL handshake failed");
		assertThat(analysis.getAction()).contains("spring.kafka.ssl.trust-store-location");
	}

	@Test
	void kafkaSecretsAreMaskedWhereverTheyAreShown() {
		this.runner.withPropertyValues("kafka.utils.client.verify-connection=false").run((context) -> {
			SanitizingFunction function = context.getBean("kafkaUtilsSecretsSanitizer", SanitizingFunction.class);
			MapPropertySource source = new MapPropertySource("test", java.util.Map.of());
			for (String key : new String[] { "spring.kafka.properties.sasl.jaas.config",
					"kafka.utils.security.sasl.jaas-config", "jaasConfig", "sasl.jaas.config",
					"spring.kafka.ssl.key-store-password", "keyStorePassword", "spring.kafka.ssl.key-store-key",
					"keyStoreKey", "ssl.keystore.key", "spring.kafka.jaas.options.password",
					"spring.kafka.properties.sasl.oauthbearer.client.credentials.client.secret" }) {
				assertThat(function.apply(new SanitizableData(source, key, PASSWORD)).getValue()).as(key)
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			for (String key : new String[] { "spring.kafka.bootstrap-servers", "spring.kafka.properties.sasl.mechanism",
					"spring.kafka.producer.key-serializer" }) {
				assertThat(function.apply(new SanitizableData(source, key, "shown")).getValue()).as(key)
					.isEqualTo("shown");
			}
		});
	}

	@Test
	void theSanitizerCanBeReplaced() {
		this.runner.withPropertyValues("kafka.utils.client.verify-connection=false")
			.withUserConfiguration(OwnSanitizer.class)
			.run((context) -> assertThat(context.getBean("kafkaUtilsSecretsSanitizer"))
				.isSameAs(context.getBean(OwnSanitizer.class).function));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSanitizer {

		final SanitizingFunction function = (data) -> data;

		@Bean
		SanitizingFunction kafkaUtilsSecretsSanitizer() {
			return this.function;
		}

	}

}
