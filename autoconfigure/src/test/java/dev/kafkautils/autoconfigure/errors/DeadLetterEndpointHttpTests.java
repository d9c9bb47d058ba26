package dev.kafkautils.autoconfigure.errors;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead-lettering with a topic prefix, end to end, and the {@code kafkadlq} endpoint over
 * HTTP: depth can be read once exposed, replay is refused until the endpoint's access is
 * raised.
 */
class DeadLetterEndpointHttpTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Nested
	@SpringBootTest(classes = App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.application.name=endpoint-http", "kafka.utils.topic-prefix=pfx.",
					"kafka.utils.provisioning.max-replication=1", "kafka.utils.retry.max-attempts=1",
					"management.endpoints.web.exposure.include=kafkadlq" })
	class ReadOnlyByDefault {

		@LocalServerPort
		private int port;

		@Autowired
		private KafkaUtilsTemplate template;

		@Test
		void failedRecordLandsInThePrefixedDeadLetterTopicAndItsDepthIsReadOverHttp() throws Exception {
			this.template.sendAndWait("parcels", "p-1", "cannot be delivered");
			ConsumerRecord<String, byte[]> dead = awaitRecord("pfx.dlq.parcels", "p-1");
			assertThat(TestKafka.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).contains("pfx.parcels");
			await().atMost(WAIT).untilAsserted(() -> assertThat(get(this.port, "/actuator/kafkadlq"))
				.contains("\"pfx.dlq.parcels\":1"));
		}

		@Test
		void replayIsNotAllowed() throws Exception {
			HttpResponse<String> response = post(this.port, "/actuator/kafkadlq/pfx.dlq.parcels");
			assertThat(response.statusCode()).isIn(403, 404, 405);
		}

	}

	@Nested
	@SpringBootTest(classes = App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.application.name=endpoint-http-replay", "kafka.utils.topic-prefix=rpl.",
					"kafka.utils.provisioning.max-replication=1", "kafka.utils.retry.max-attempts=1",
					"management.endpoints.web.exposure.include=kafkadlq",
					"management.endpoint.kafkadlq.access=unrestricted" })
	class ReplayAllowed {

		@LocalServerPort
		private int port;

		@Autowired
		private KafkaUtilsTemplate template;

		@Autowired
		private Parcels parcels;

		@Test
		void replayOverHttpSendsTheRecordBack() throws Exception {
			this.template.sendAndWait("parcels", "r-1", "delivered on the second try");
			awaitRecord("rpl.dlq.parcels", "r-1");
			HttpResponse<String> response = post(this.port, "/actuator/kafkadlq/rpl.dlq.parcels");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"replayed\":1", "\"complete\":true");
			await().atMost(WAIT).until(() -> this.parcels.deliveries("r-1") == 2);
		}

	}

	private static String get(int port, String path) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static HttpResponse<String> post(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
		return await().atMost(WAIT)
			.until(() -> TestKafka.readRaw(topic, 100, Duration.ofMillis(500))
				.stream()
				.filter((record) -> key.equals(record.key()))
				.findFirst()
				.orElse(null), Objects::nonNull);
	}

	/** Fails a parcel the first time it is seen, takes it when it comes back. */
	@Component
	static class Parcels {

		private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

		int deliveries(String key) {
			AtomicInteger count = this.deliveries.get(key);
			return (count != null) ? count.get() : 0;
		}

		@KafkaListener(topics = "parcels")
		void on(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key,
				@Header(name = DeadLetterHeaders.REPLAY_COUNT, required = false) byte[] replayCount) {
			this.deliveries.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			if (replayCount == null) {
				throw new IllegalStateException("no courier for " + key + " ("
						+ new String(payload.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + ")");
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Parcels.class)
	static class App {

	}

}
