package dev.kafkautils.reliability;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.reliability.app.security.SecuredService;
import dev.kafkautils.test.BrokerCertificate;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import dev.kafkautils.test.TopicRecords;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "security": one broker process with a {@code SASL_PLAINTEXT} listener (SCRAM-SHA-512,
 * its user created when the storage is formatted) and an {@code SSL} listener (a certificate
 * generated for the run), the nodes talking plaintext among themselves. The service gets
 * only the secured listener's address, so every client of the starter that works proves it
 * is secured: the producer (sends), the consumer (receives), the admin client of the
 * start-up check and provisioning (creates the topics), the dead-letter producer, the lag
 * reader and the health indicator. Wrong credentials fail start-up at once with a message
 * naming the properties, and the health indicator reports them. No password and no JAAS
 * configuration appears in the output, {@code /actuator/env} or {@code /actuator/configprops}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityIT {

	private static final String USER = "orders-service";

	private static final String PASSWORD = "scram-pass-" + Long.toHexString(System.nanoTime());

	private static final String JAAS_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

	private static final Path TLS_DIRECTORY = Paths.get("target", "security", Long.toString(System.nanoTime()));

	private static final BrokerCertificate CERTIFICATE = BrokerCertificate.selfSigned(TLS_DIRECTORY);

	private static final Duration START_BOUND = Duration.ofSeconds(15);

	private static final int RECORDS = 50;

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder()
		.saslListener("SCRAM-SHA-512")
		.scramUser(USER, PASSWORD)
		.sslListener(CERTIFICATE));

	@Test
	void everyClientWorksOverSaslScramAndNoSecretIsShown(CapturedOutput output) throws Exception {
		String topic = "sasl-orders";
		try (ConfigurableApplicationContext context = start(topic, saslProperties(PASSWORD))) {
			exerciseEveryClient(context, topic);
			String endpoints = endpointsJson(context);
			// the endpoints show values, and Kafka's secrets among them only masked
			assertThat(endpoints).contains(brokers.cluster().bootstrapServers(SecurityProtocol.SASL_PLAINTEXT))
				.contains("sasl.jaas.config")
				.contains("******");
			assertNoSecret(endpoints, PASSWORD);
		}
		assertNoSecret(output.getAll(), PASSWORD);
	}

	@Test
	void everyClientWorksOverTlsAndNoStorePasswordIsShown(CapturedOutput output) throws Exception {
		String topic = "tls-orders";
		try (ConfigurableApplicationContext context = start(topic, tlsProperties(CERTIFICATE.trustStore()))) {
			exerciseEveryClient(context, topic);
			String endpoints = endpointsJson(context);
			assertThat(endpoints).contains(brokers.cluster().bootstrapServers(SecurityProtocol.SSL))
				.contains("trust-store-password");
			assertNoSecret(endpoints, CERTIFICATE.password());
		}
		assertNoSecret(output.getAll(), CERTIFICATE.password());
	}

	@Test
	void aWrongPasswordFailsStartupAtOnceNamingTheProperty(CapturedOutput output) {
		String wrong = "wrong-" + PASSWORD;
		long start = System.nanoTime();
		assertThatException().isThrownBy(() -> start("refused-orders", saslProperties(wrong)).close())
			.withStackTraceContaining("KafkaAuthenticationException");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(START_BOUND);
		assertThat(output.getAll()).contains("refused this application's credentials")
			.contains("spring.kafka.security.protocol=SASL_PLAINTEXT, SASL mechanism SCRAM-SHA-512")
			.contains("kafka.utils.security.sasl.jaas-config");
		assertNoSecret(output.getAll(), wrong);
		assertNoSecret(output.getAll(), PASSWORD);
	}

	@Test
	void anUntrustedBrokerCertificateFailsStartupAtOnceNamingTheTrustStore(CapturedOutput output) {
		// a trust store of its own, which the broker's certificate is not in
		BrokerCertificate other = BrokerCertificate.selfSigned(TLS_DIRECTORY.resolve("other"));
		long start = System.nanoTime();
		assertThatException().isThrownBy(() -> start("untrusted-orders", tlsProperties(other.trustStore(),
				other.password())).close())
			.withStackTraceContaining("KafkaAuthenticationException");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(START_BOUND);
		assertThat(output.getAll()).contains("spring.kafka.security.protocol=SSL")
			.contains("spring.kafka.ssl.trust-store-location");
		assertNoSecret(output.getAll(), other.password());
	}

	@Test
	void theHealthIndicatorReportsAWrongPassword(CapturedOutput output) {
		String wrong = "wrong-" + PASSWORD;
		List<String> properties = new ArrayList<>(saslProperties(wrong));
		// started without the checks, as a service that must come up without Kafka is
		properties.add("kafka.utils.client.verify-connection=false");
		properties.add("kafka.utils.provisioning.enabled=false");
		try (ConfigurableApplicationContext context = start("unchecked-orders", properties)) {
			HealthIndicator indicator = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(String.valueOf(health.getDetails().get("error"))).contains("AuthenticationException")
				.doesNotContain(wrong);
		}
		assertNoSecret(output.getAll(), wrong);
	}

	/**
	 * Sends through the starter's template, receives in its listener, dead-letters a record
	 * that fails, and reads health and lag: each through its own client.
	 */
	private static void exerciseEveryClient(ConfigurableApplicationContext context, String topic) throws Exception {
		KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
		Set<String> expected = IntStream.range(0, RECORDS).mapToObj((i) -> topic + "-" + i).collect(Collectors.toSet());
		for (String key : expected) {
			template.send(topic, key, "order " + key);
		}
		template.sendAndWait(topic, "bad-1", SecuredService.POISON);
		SecuredService.Processed processed = context.getBean(SecuredService.Processed.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> processed.keys().containsAll(expected));
		assertThat(processed.keys()).containsExactlyInAnyOrderElementsOf(expected);

		// the dead-letter copy, written by the starter's dead-letter producer
		ConsumerRecord<String, byte[]> dead = brokers.cluster()
			.records()
			.await("dlq." + topic, (record) -> "bad-1".equals(record.key()), Duration.ofSeconds(30));
		assertThat(TopicRecords.header(dead, "kafka_dlt-reason")).contains("retries-exhausted");

		// health through its own admin client
		Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
		assertThat(health.getStatus()).as("health %s", health.getDetails()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsKey("clusterId");

		// lag through its own admin client: every record committed, nothing behind
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<Gauge> gauges = List.copyOf(registry.find(KafkaUtilsMetrics.CONSUMER_LAG)
				.tag("group", group(topic))
				.tag("topic", topic)
				.gauges());
			assertThat(gauges).isNotEmpty();
			assertThat(gauges.stream().mapToDouble(Gauge::value).sum()).isZero();
		});
	}

	private static String endpointsJson(ConfigurableApplicationContext context) throws Exception {
		JsonMapper json = context.getBean(JsonMapper.class);
		return json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null))
				+ json.writeValueAsString(context.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationProperties());
	}

	private static void assertNoSecret(String text, String password) {
		assertThat(text).doesNotContain(password).doesNotContain(JAAS_MODULE + " required username");
	}

	private static List<String> saslProperties(String password) {
		return List.of("spring.kafka.bootstrap-servers=" + brokers.cluster().bootstrapServers(SecurityProtocol.SASL_PLAINTEXT),
				"spring.kafka.security.protocol=SASL_PLAINTEXT", "kafka.utils.security.sasl.mechanism=SCRAM-SHA-512",
				"kafka.utils.security.sasl.jaas-config=" + JAAS_MODULE + " required username=\"" + USER
						+ "\" password=\"" + password + "\";");
	}

	private static List<String> tlsProperties(Path trustStore) {
		return tlsProperties(trustStore, CERTIFICATE.password());
	}

	private static List<String> tlsProperties(Path trustStore, String password) {
		return List.of("spring.kafka.bootstrap-servers=" + brokers.cluster().bootstrapServers(SecurityProtocol.SSL),
				"spring.kafka.security.protocol=SSL", "spring.kafka.ssl.trust-store-location=file:" + trustStore.toAbsolutePath(),
				"spring.kafka.ssl.trust-store-password=" + password, "spring.kafka.ssl.trust-store-type=PKCS12");
	}

	private static ConfigurableApplicationContext start(String topic, List<String> security) {
		List<String> arguments = new ArrayList<>();
		Map.of("spring.application.name", "secured-service", "reliability.topic", topic, "reliability.group",
				group(topic), "kafka.utils.provisioning.max-replication", "1", "kafka.utils.retry.max-attempts", "2",
				"kafka.utils.retry.backoff.initial", "10ms", "kafka.utils.retry.backoff.max", "10ms",
				"kafka.utils.metrics.lag.interval", "500ms", "kafka.utils.health.timeout", "5s")
			.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		arguments.add("--kafka.utils.topics." + topic + ".partitions=2");
		arguments.add("--management.endpoints.web.exposure.include=health,env,configprops");
		arguments.add("--management.endpoint.env.show-values=always");
		arguments.add("--management.endpoint.configprops.show-values=always");
		security.forEach((property) -> arguments.add("--" + property));
		return new SpringApplicationBuilder(SecuredService.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

	private static String group(String topic) {
		return topic + "-group";
	}

}
