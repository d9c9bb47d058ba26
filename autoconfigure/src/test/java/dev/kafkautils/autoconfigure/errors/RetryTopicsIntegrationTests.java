package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
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
 * Non-blocking retries through delayed retry topics, ending in the same dead-letter topic
 * as the blocking mode.
 */
@SpringBootTest(classes = RetryTopicsIntegrationTests.App.class,
		properties = { "spring.application.name=retry-topics-it", "spring.kafka.consumer.group-id=retry-topics-it",
				"kafka.utils.retry.mode=topics", "kafka.utils.retry.max-attempts=3",
				"kafka.utils.retry.backoff.initial=2s", "kafka.utils.retry.backoff.max=2s",
				"kafka.utils.provisioning.max-replication=1" })
class RetryTopicsIntegrationTests {

	private static final Duration DELAY = Duration.ofSeconds(2);

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(1, "delayed");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Attempts attempts;

	@Test
	void recordThatSucceedsOnItsSecondAttemptArrivesAfterTheDelay() {
		this.template.sendAndWait("delayed", "once", "fails once");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.attempts.of("once").size() == 2);
		List<Attempt> seen = this.attempts.of("once");
		assertThat(seen.get(0).topic()).isEqualTo("delayed");
		// a fixed delay reuses one retry topic for every retry
		assertThat(seen.get(1).topic()).isEqualTo("delayed-retry");
		assertThat(seen.get(1).at() - seen.get(0).at()).isGreaterThanOrEqualTo(DELAY.toMillis() - 50);
	}

	@Test
	void recordThatKeepsFailingEndsInTheDeadLetterTopic() {
		this.template.sendAndWait("delayed", "always", "fails always");
		ConsumerRecord<String, byte[]> dead = await().atMost(Duration.ofSeconds(40))
			.until(() -> TestKafka.readRaw("dlq.delayed", 100, Duration.ofMillis(500))
				.stream()
				.filter((record) -> "always".equals(record.key()))
				.findFirst()
				.orElse(null), java.util.Objects::nonNull);
		assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("fails always");
		assertThat(TestKafka.header(dead, KafkaHeaders.ORIGINAL_TOPIC)).contains("delayed");
		assertThat(this.attempts.of("always")).extracting(Attempt::topic)
			.containsExactly("delayed", "delayed-retry", "delayed-retry");
	}

	@Test
	void onlyTheMainTopicGetsAProvisionedDeadLetterTopic() throws Exception {
		try (org.apache.kafka.clients.admin.Admin admin = TestKafka.admin()) {
			java.util.Set<String> topics = admin.listTopics().names().get(10, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(topics).contains("dlq.delayed", "delayed-retry").doesNotContain("dlq.dlq.delayed",
					"dlq.delayed-retry");
		}
	}

	record Attempt(String topic, long at) {
	}

	@Component
	static class Attempts {

		private final Map<String, List<Attempt>> byKey = new ConcurrentHashMap<>();

		List<Attempt> of(String key) {
			return this.byKey.getOrDefault(key, List.of());
		}

		@KafkaListener(topics = "delayed")
		void on(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key,
				@Header(KafkaHeaders.RECEIVED_TOPIC) String topic) {
			List<Attempt> attempts = this.byKey.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>());
			attempts.add(new Attempt(topic, System.currentTimeMillis()));
			if (key.equals("always") || attempts.size() < 2) {
				throw new IllegalStateException("attempt " + attempts.size() + " of " + key);
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Attempts.class)
	static class App {

	}

}
