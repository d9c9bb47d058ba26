package dev.kafkautils.autoconfigure.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.kafkautils.test.KafkaBrokers;
import dev.kafkautils.test.KafkaCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health endpoint over real HTTP against a real broker process: UP with the broker,
 * DOWN within the configured timeout once the broker is killed, in the readiness group
 * too, and the endpoint keeps answering in bounded time. The application finds the broker
 * through the {@code KafkaConnectionDetails} of {@code @KafkaBrokers}.
 */
@KafkaBrokers
@SpringBootTest(classes = KafkaHealthClusterTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=health-it", "kafka.utils.provisioning.enabled=false",
				"kafka.utils.health.timeout=2s", "management.endpoint.health.show-details=always",
				"management.endpoint.health.probes.enabled=true" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class KafkaHealthClusterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	/** Time the endpoint may take beyond the indicator's timeout: HTTP, JSON, the other indicators. */
	private static final Duration SLACK = Duration.ofMillis(1500);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Test
	@Order(1)
	void upWithTheBroker() throws Exception {
		Timed<JsonNode> health = get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		JsonNode kafka = health.body().get("components").get("kafka");
		assertThat(kafka.get("status").asString()).isEqualTo("UP");
		assertThat(kafka.get("details").get("nodes").asInt()).isEqualTo(1);
		assertThat(kafka.get("details").get("clusterId").asString()).isNotBlank();

		// the probe groups show no components; the next test proves kafka is a member of readiness
		assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void downWithinTheTimeoutOnceTheBrokerStops(KafkaCluster cluster) throws Exception {
		cluster.kill(1);
		for (int i = 0; i < 3; i++) {
			Timed<JsonNode> health = get("/actuator/health");
			assertThat(health.took()).as("answered in").isLessThan(TIMEOUT.plus(SLACK));
			assertThat(health.status()).isEqualTo(503);
			JsonNode kafka = health.body().get("components").get("kafka");
			assertThat(kafka.get("status").asString()).isEqualTo("DOWN");
			assertThat(kafka.get("details").get("error").asString()).contains("did not answer within PT2S");
		}
		Timed<JsonNode> readiness = get("/actuator/health/readiness");
		assertThat(readiness.took()).isLessThan(TIMEOUT.plus(SLACK));
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.body().get("status").asString()).isEqualTo("DOWN");
		// liveness must not depend on Kafka: a restart would not bring the broker back
		assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
	}

	private Timed<JsonNode> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		return new Timed<>(response.statusCode(), JsonMapper.shared().readTree(response.body()), took);
	}

	record Timed<T>(int status, T body, Duration took) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
