package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
 * Retry-topic mode keeps every promise of blocking mode: the dead-letter and retry topics
 * get the dlq tier, the dead-letter topic is named with the listener's group, records go
 * to the partition their key chooses, the dead-letter copy carries the same headers, and
 * each dead-lettered record gets one log line, a failure event and the meters.
 */
@SpringBootTest(classes = RetryTopicsParityIntegrationTests.App.class,
		properties = { "spring.application.name=retry-parity", "spring.kafka.consumer.group-id=retry-parity",
				"kafka.utils.retry.mode=topics", "kafka.utils.retry.max-attempts=2",
				"kafka.utils.retry.backoff.initial=200ms", "kafka.utils.retry.backoff.max=200ms",
				"kafka.utils.retry.non-retryable=dev.kafkautils.autoconfigure.errors.RetryTopicsParityIntegrationTests$RejectedException",
				"kafka.utils.provisioning.max-replication=1", "kafka.utils.tiers.dlq.partitions=2",
				"kafka.utils.dlq.topic-pattern=dlq.{group}.{topic}", "kafka.utils.errors.topic=parity-errors",
				"logging.level.org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler=debug" })
@ExtendWith(OutputCaptureExtension.class)
class RetryTopicsParityIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(40);

	private static final String DLQ = "dlq.retry-parity.parity";

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(3, "parity", "parity-replay");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Listener listener;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private DeadLetterReplayer replayer;

	@Test
	void deadLetterAndRetryTopicsAreProvisionedInTheDlqTier() throws Exception {
		try (Admin admin = TestKafka.admin()) {
			Map<String, TopicDescription> topics = admin.describeTopics(List.of(DLQ, "parity-retry"))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS);
			assertThat(topics.get(DLQ).partitions()).hasSize(2);
			assertThat(topics.get("parity-retry").partitions()).hasSize(2);
			for (String topic : List.of(DLQ, "parity-retry")) {
				ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
				Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
				assertThat(config.get("retention.ms").value()).as(topic).isEqualTo("2592000000");
				assertThat(config.get("compression.type").value()).as(topic).isEqualTo("snappy");
			}
			Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
			assertThat(names).doesNotContain("dlq..parity", "dlq.parity");
		}
	}

	@Test
	void exhaustedRecordIsDeadLetteredLikeInBlockingMode(CapturedOutput output) throws Exception {
		String key = keyForPartition("bad", 0);
		// the source partition 1 is not copied: the key picks partition 0 of the dead-letter topic
		long offset = this.template.send(new ProducerRecord<>("parity", 1, key, "always failing"))
			.get(10, TimeUnit.SECONDS)
			.getRecordMetadata()
			.offset();
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter(key);
		assertThat(dead.partition()).isZero();
		assertThat(this.listener.attempts(key)).isEqualTo(2);
		assertThat(TestKafka.header(dead, DeadLetterHeaders.SERVICE)).contains("retry-parity");
		assertThat(TestKafka.header(dead, DeadLetterHeaders.DELIVERY_ATTEMPTS)).contains("2");
		assertThat(TestKafka.header(dead, DeadLetterHeaders.REASON)).contains("retries-exhausted");
		assertThat(TestKafka.header(dead, KafkaHeaders.EXCEPTION_FQCN))
			.contains(IllegalStateException.class.getName());
		// spring-kafka's retry-topic header names, for the listener's own exception
		assertThat(TestKafka.header(dead, KafkaHeaders.EXCEPTION_MESSAGE)).contains("rejecting " + key);
		assertThat(TestKafka.header(dead, KafkaHeaders.ORIGINAL_TOPIC)).contains("parity");
		assertThat(dead.headers().lastHeader(KafkaHeaders.EXCEPTION_STACKTRACE).value().length)
			.isLessThanOrEqualTo(4096);
		String coordinates = "parity-1@" + offset;
		await().atMost(WAIT).until(() -> output.getOut().contains("Dead-lettered " + coordinates));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Dead-lettered " + coordinates)))
			.singleElement()
			.asString()
			.contains("to " + DLQ, "after 2 attempt(s), retries-exhausted", "IllegalStateException");
		assertThat(output.getOut()).doesNotContain("non-existent partition")
			.doesNotContain("threw an error at topic parity");
		ConsumerRecord<String, byte[]> event = awaitRecord("parity-errors", key);
		assertThat(new String(event.value(), StandardCharsets.UTF_8)).contains("\"topic\":\"parity\"",
				"\"partition\":1", "\"offset\":" + offset, "\"reason\":\"retries-exhausted\"", "\"attempts\":2",
				"\"deadLetterTopic\":\"" + DLQ + "\"", "\"group\":\"retry-parity\"");
	}

	@Test
	void nonRetryableRecordSkipsTheRetryTopic() throws Exception {
		String key = keyForPartition("fatal", 1);
		this.template.send(new ProducerRecord<>("parity", 2, key, "rejected")).get(10, TimeUnit.SECONDS);
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter(key);
		assertThat(dead.partition()).isEqualTo(1);
		assertThat(this.listener.attempts(key)).isEqualTo(1);
		assertThat(TestKafka.header(dead, DeadLetterHeaders.DELIVERY_ATTEMPTS)).contains("1");
		assertThat(TestKafka.header(dead, DeadLetterHeaders.REASON)).contains("non-retryable");
		assertThat(TestKafka.header(dead, KafkaHeaders.EXCEPTION_FQCN)).contains(RejectedException.class.getName());
	}

	@Test
	void retriesAndDeadLetteredRecordsAreCountedForTheSourceTopicAndGroup() throws Exception {
		String key = keyForPartition("metered", 0);
		this.template.send(new ProducerRecord<>("parity", 0, key, "always failing")).get(10, TimeUnit.SECONDS);
		awaitDeadLetter(key);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(count(KafkaUtilsMetrics.CONSUMER_DEAD_LETTERED, "IllegalStateException")).isPositive();
			assertThat(count(KafkaUtilsMetrics.CONSUMER_RETRIES, "IllegalStateException")).isPositive();
		});
	}

	@Test
	void recordThatCameThroughRetryTopicsIsReplayedToItsSourceTopic() throws Exception {
		this.template.sendAndWait("parity-replay", "again", "fails until replayed");
		ConsumerRecord<String, byte[]> dead = awaitRecord("dlq.retry-parity.parity-replay", "again");
		assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC)).isNull();
		ReplayResult result = this.replayer.replay("dlq.retry-parity.parity-replay");
		assertThat(result).isEqualTo(new ReplayResult("dlq.retry-parity.parity-replay", 1, 0, 0));
		await().atMost(WAIT).until(() -> this.listener.replayed.contains("again"));
		ConsumerRecord<String, byte[]> back = TestKafka.readRaw("parity-replay", 10, Duration.ofSeconds(2))
			.stream()
			.filter((record) -> TestKafka.header(record, DeadLetterHeaders.REPLAY_COUNT).isPresent())
			.findFirst()
			.orElseThrow();
		assertThat(back.key()).isEqualTo("again");
		// the retry bookkeeping stays behind: the record starts its attempts afresh
		assertThat(back.headers().lastHeader("retry_topic-attempts")).isNull();
		assertThat(back.headers().lastHeader(KafkaHeaders.ORIGINAL_TOPIC)).isNull();
	}

	@Test
	void theRetrySchedulerIsInitialisedOnce(CapturedOutput output) {
		assertThat(output.getAll().lines()
			.filter((line) -> line.contains("Initializing ExecutorService 'kafkaUtilsRetryTopicScheduler'")))
			.hasSize(1);
	}

	private double count(String meter, String exception) {
		return this.meterRegistry.find(meter)
			.tags("topic", "parity", "group", "retry-parity", "exception", exception)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
		return awaitRecord(DLQ, key);
	}

	private static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
		return await().atMost(WAIT)
			.until(() -> TestKafka.readRaw(topic, 1000, Duration.ofMillis(500))
				.stream()
				.filter((record) -> key.equals(record.key()))
				.findFirst()
				.orElse(null), Objects::nonNull);
	}

	/** A key that the default partitioner puts in the given partition of a two-partition topic. */
	private static String keyForPartition(String prefix, int partition) {
		for (int i = 0;; i++) {
			String key = prefix + "-" + i;
			if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
				return key;
			}
		}
	}

	public static class RejectedException extends RuntimeException {

		public RejectedException(String message) {
			super(message);
		}

	}

	@Component
	static class Listener {

		private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		int attempts(String key) {
			AtomicInteger count = this.attempts.get(key);
			return (count != null) ? count.get() : 0;
		}

		final Set<String> replayed = ConcurrentHashMap.newKeySet();

		@KafkaListener(topics = "parity-replay")
		void onReplay(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key,
				@Header(name = DeadLetterHeaders.REPLAY_COUNT, required = false) byte[] replayCount) {
			if (replayCount == null) {
				throw new IllegalStateException("not yet: " + key);
			}
			this.replayed.add(key);
		}

		@KafkaListener(topics = "parity")
		void on(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			this.attempts.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			if (key.startsWith("fatal")) {
				throw new RejectedException("rejecting " + key);
			}
			throw new IllegalStateException("rejecting " + key);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listener.class)
	static class App {

	}

}
