package dev.kafkautils.autoconfigure.errors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failure policy against a real broker: retries, non-retryable exceptions, poison
 * pills, the dead-letter record's headers and bytes, the error event, and a bulk run in
 * which every record is accounted for.
 */
@SpringBootTest(classes = DeadLetterIntegrationTests.App.class,
		properties = { "spring.application.name=dlq-it", "spring.kafka.consumer.group-id=dlq-it",
				"kafka.utils.provisioning.enabled=false",
				"kafka.utils.retry.max-attempts=3", "kafka.utils.retry.backoff.initial=10ms",
				"kafka.utils.retry.backoff.max=20ms", "kafka.utils.dlq.max-stack-trace-length=500",
				"kafka.utils.retry.non-retryable=dev.kafkautils.autoconfigure.errors.DeadLetterIntegrationTests$RejectedException",
				"kafka.utils.errors.topic=dlq-it-errors", "kafka.utils.dlq.replay.max-replays=1",
				"management.endpoints.web.exposure.include=kafkadlq",
				"kafka.utils.topics.stamps3.type=com.google.protobuf.Timestamp",
				"kafka.utils.topics.orders3.type=dev.kafkautils.autoconfigure.errors.DeadLetterIntegrationTests$Order" })
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int BULK = 10_000;

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(1, "flaky", "fatal", "stamps3", "orders3", "dlq.flaky", "dlq.fatal", "dlq.stamps3",
				"dlq.orders3", "dlq-it-errors", "dlq.bulk", "replayable", "dlq.replayable", "blocked", "dlq.blocked", "batched", "dlq.batched");
		TestKafka.createTopics(3, "bulk");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Listeners listeners;

	@Autowired
	private DeadLetterReplayer replayer;

	@Autowired
	private DeadLetterEndpoint endpoint;

	@Test
	void transientFailureIsRetriedAndProcessedOnceWithOffsetCommitted() throws Exception {
		long offset = this.template.sendAndWait("flaky", "t-1", "payload").getRecordMetadata().offset();
		await().atMost(WAIT).until(() -> this.listeners.processed.contains("t-1"));
		assertThat(this.listeners.deliveries.get("t-1")).hasValue(3);
		await().atMost(WAIT).until(() -> committedOffset("flaky") == offset + 1);
		assertThat(TestKafka.readRaw("dlq.flaky", 1, Duration.ofSeconds(2))).noneMatch((r) -> "t-1".equals(r.key()));
	}

	@Test
	void nonRetryableFailureIsDeadLetteredAfterOneAttemptWithEveryHeader(CapturedOutput output) throws Exception {
		ProducerRecord<String, Object> record = new ProducerRecord<>("fatal", "f-1", "reject me");
		record.headers().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
		long offset = this.template.send(record).get(10, TimeUnit.SECONDS).getRecordMetadata().offset();
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter("dlq.fatal", "f-1");
		assertThat(this.listeners.deliveries.get("f-1")).hasValue(1);
		assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("reject me");
		assertThat(TestKafka.header(dead, "trace")).contains("abc");
		assertThat(TestKafka.header(dead, "source")).contains("dlq-it");
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).contains("fatal");
		assertThat(intHeader(dead, KafkaHeaders.DLT_ORIGINAL_PARTITION)).isZero();
		assertThat(longHeader(dead, KafkaHeaders.DLT_ORIGINAL_OFFSET)).isEqualTo(offset);
		assertThat(longHeader(dead, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP)).isPositive();
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).contains("dlq-it");
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.contains(RejectedException.class.getName());
		// the listener's own exception, not spring-kafka's ListenerExecutionFailedException around it
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).contains(RejectedException.class.getName());
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("rejected f-1");
		assertThat(new String(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE).value(),
				StandardCharsets.UTF_8)).startsWith(RejectedException.class.getName() + ": rejected f-1");
		assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE).value()).hasSizeBetween(100, 500);
		assertThat(TestKafka.header(dead, DeadLetterHeaders.SERVICE)).contains("dlq-it");
		assertThat(TestKafka.header(dead, DeadLetterHeaders.DELIVERY_ATTEMPTS)).contains("1");
		assertThat(TestKafka.header(dead, DeadLetterHeaders.REASON)).contains("non-retryable");
		String coordinates = "fatal-0@" + offset;
		await().atMost(WAIT).until(() -> output.getOut().contains(coordinates));
		assertThat(output.getOut().lines().filter((line) -> line.contains(coordinates))).hasSize(1);
	}

	@Test
	void retriesExhaustedRecordIsDeadLetteredWithAttemptCount() throws Exception {
		this.template.sendAndWait("flaky", "p-1", "always failing");
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter("dlq.flaky", "p-1");
		assertThat(this.listeners.deliveries.get("p-1")).hasValue(3);
		assertThat(TestKafka.header(dead, DeadLetterHeaders.DELIVERY_ATTEMPTS)).contains("3");
		assertThat(TestKafka.header(dead, DeadLetterHeaders.REASON)).contains("retries-exhausted");
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.contains(IllegalStateException.class.getName());
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.contains(IllegalStateException.class.getName());
	}

	@Test
	void protobufPoisonPillIsDeadLetteredByteForByteAndThePartitionMovesOn() throws Exception {
		byte[] garbage = { (byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x7f };
		TestKafka.sendRaw(new ProducerRecord<>("stamps3", "poison", garbage));
		Timestamp next = Timestamp.newBuilder().setSeconds(99).build();
		this.template.sendAndWait("stamps3", "after-poison", next);
		await().atMost(WAIT).until(() -> this.listeners.stamps.contains(next));
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter("dlq.stamps3", "poison");
		assertThat(dead.value()).isEqualTo(garbage);
		assertThat(TestKafka.header(dead, DeadLetterHeaders.REASON)).contains("undeserialisable");
		assertThat(TestKafka.header(dead, DeadLetterHeaders.DELIVERY_ATTEMPTS)).contains("1");
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE).orElseThrow()).contains("stamps3-0@");
	}

	@Test
	void jsonPoisonPillIsDeadLetteredByteForByteAndThePartitionMovesOn() throws Exception {
		byte[] garbage = "{\"id\": \"x\", not json".getBytes(StandardCharsets.UTF_8);
		TestKafka.sendRaw(new ProducerRecord<>("orders3", "poison", garbage));
		this.template.sendAndWait("orders3", "after-poison", new Order("o-9", 9));
		await().atMost(WAIT).until(() -> this.listeners.orders.contains(new Order("o-9", 9)));
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter("dlq.orders3", "poison");
		assertThat(dead.value()).isEqualTo(garbage);
		assertThat(TestKafka.header(dead, DeadLetterHeaders.REASON)).contains("undeserialisable");
	}

	@Test
	void failureEventIsPublishedForEveryDeadLetteredRecord() throws Exception {
		long offset = this.template.sendAndWait("fatal", "f-event", "reject me too").getRecordMetadata().offset();
		JsonMapper json = JsonMapper.shared();
		await().atMost(WAIT).until(() -> TestKafka.readRaw("dlq-it-errors", 100, Duration.ofSeconds(1))
			.stream()
			.anyMatch((r) -> "f-event".equals(r.key())));
		ConsumerRecord<String, byte[]> raw = TestKafka.readRaw("dlq-it-errors", 100, Duration.ofSeconds(2))
			.stream()
			.filter((r) -> "f-event".equals(r.key()))
			.findFirst()
			.orElseThrow();
		JsonNode event = json.readTree(raw.value());
		assertThat(event.get("service").asString()).isEqualTo("dlq-it");
		assertThat(event.get("topic").asString()).isEqualTo("fatal");
		assertThat(event.get("partition").asInt()).isZero();
		assertThat(event.get("offset").asLong()).isEqualTo(offset);
		assertThat(event.get("key").asString()).isEqualTo("f-event");
		assertThat(event.get("group").asString()).isEqualTo("dlq-it");
		assertThat(event.get("exceptionClass").asString()).isEqualTo(RejectedException.class.getName());
		assertThat(event.get("message").asString()).isEqualTo("rejected f-event");
		assertThat(event.get("reason").asString()).isEqualTo("non-retryable");
		assertThat(event.get("attempts").asInt()).isEqualTo(1);
		assertThat(event.get("deadLetterTopic").asString()).isEqualTo("dlq.fatal");
		assertThat(event.get("timestamp").asString()).isNotBlank();
	}

	@Test
	void everyRecordOfABulkRunIsProcessedOrDeadLetteredExactlyOnce() throws Exception {
		for (int id = 0; id < BULK; id++) {
			this.template.send("bulk", Integer.toString(id), Integer.toString(id));
		}
		this.template.flush();
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> this.listeners.bulkProcessed.size()
					+ TestKafka.readRaw("dlq.bulk", BULK, Duration.ofMillis(500)).size() >= BULK);
		List<ConsumerRecord<String, byte[]>> dead = TestKafka.readRaw("dlq.bulk", BULK, Duration.ofSeconds(2));
		Set<Integer> deadIds = new HashSet<>();
		for (ConsumerRecord<String, byte[]> record : dead) {
			assertThat(deadIds.add(Integer.parseInt(record.key()))).as("dead-lettered twice: " + record.key()).isTrue();
		}
		Set<Integer> processedIds = this.listeners.bulkProcessed.keySet();
		for (int id = 0; id < BULK; id++) {
			boolean permanent = Listeners.fatePermanent(id);
			assertThat(deadIds.contains(id)).as("record " + id + " dead-lettered").isEqualTo(permanent);
			assertThat(processedIds.contains(id)).as("record " + id + " processed").isEqualTo(!permanent);
		}
		assertThat(deadIds.size() + processedIds.size()).isEqualTo(BULK);
		assertThat(deadIds).hasSize(BULK / 20);
	}

	@Test
	void replayedRecordsAreProcessedOnceTheBugIsFixedAndTheReplayLimitHolds() throws Exception {
		this.listeners.replayBroken = true;
		for (String key : List.of("r-1", "r-2", "r-3")) {
			this.template.sendAndWait("replayable", key, "payload " + key);
		}
		await().atMost(WAIT).until(() -> TestKafka.readRaw("dlq.replayable", 3, Duration.ofMillis(500)).size() == 3);
		assertThat(this.endpoint.depth()).containsEntry("dlq.replayable", 3L).containsEntry("dlq.fatal",
				(long) TestKafka.readRaw("dlq.fatal", 1000, Duration.ofMillis(500)).size());

		this.listeners.replayBroken = false;
		ReplayResult first = this.replayer.replay("dlq.replayable", 1L, 2L);
		assertThat(first).isEqualTo(new ReplayResult("dlq.replayable", 2, 0, 0));
		await().atMost(WAIT).until(() -> this.listeners.replayed.keySet().containsAll(List.of("r-2", "r-3")));
		assertThat(this.listeners.replayed).doesNotContainKey("r-1").containsEntry("r-2", "1").containsEntry("r-3", "1");

		// r-1 is replayed while the bug is back: it fails again and returns to the dead-letter topic
		this.listeners.replayBroken = true;
		assertThat(this.replayer.replay("dlq.replayable", 0L, 0L).replayed()).isEqualTo(1);
		await().atMost(WAIT).until(() -> TestKafka.readRaw("dlq.replayable", 4, Duration.ofMillis(500)).size() == 4);
		ConsumerRecord<String, byte[]> again = TestKafka.readRaw("dlq.replayable", 4, Duration.ofSeconds(2)).get(3);
		assertThat(again.key()).isEqualTo("r-1");
		assertThat(new String(again.value(), StandardCharsets.UTF_8)).isEqualTo("payload r-1");
		assertThat(TestKafka.header(again, DeadLetterHeaders.REPLAY_COUNT)).contains("1");
		assertThat(TestKafka.header(again, KafkaHeaders.DLT_ORIGINAL_TOPIC)).contains("replayable");

		// replayed once already: the limit of 1 stops a second replay
		this.listeners.replayBroken = false;
		ReplayResult limited = this.replayer.replay("dlq.replayable", 3L, null);
		assertThat(limited).isEqualTo(new ReplayResult("dlq.replayable", 0, 1, 0));
		assertThat(this.listeners.replayed).doesNotContainKey("r-1");
	}

	@Test
	void recordWaitsUntilItsDeadLetterTopicCanBeWrittenAndIsNeitherLostNorDuplicated() throws Exception {
		// the dead-letter topic refuses every record: publishing fails, so recovery fails
		setTopicConfig("dlq.blocked", "max.message.bytes", "16");
		this.template.sendAndWait("blocked", "b-1", "cannot be dead-lettered yet");
		await().atMost(WAIT).until(() -> this.listeners.deliveries.getOrDefault("b-1", new AtomicInteger()).get() > 6);
		assertThat(committedOffset("blocked")).isLessThan(1);
		assertThat(TestKafka.readRaw("dlq.blocked", 1, Duration.ofSeconds(1))).isEmpty();
		// fixed: the record that kept failing lands in the dead-letter topic once, and the partition moves on
		setTopicConfig("dlq.blocked", "max.message.bytes", "1048588");
		this.template.sendAndWait("blocked", "b-2", "after the fix");
		await().atMost(WAIT).until(() -> committedOffset("blocked") == 2);
		assertThat(TestKafka.readRaw("dlq.blocked", 10, Duration.ofSeconds(2))).extracting(ConsumerRecord::key)
			.containsExactly("b-1", "b-2");
	}

	@Test
	void recordAnnouncingAnotherEncodingIsRefusedRatherThanMisread() throws Exception {
		// valid protobuf bytes of the topic's type, but the header says JSON
		Timestamp stamp = Timestamp.newBuilder().setSeconds(7).build();
		ProducerRecord<String, byte[]> record = new ProducerRecord<>("stamps3", "mislabelled", stamp.toByteArray());
		record.headers().add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
		TestKafka.sendRaw(record);
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter("dlq.stamps3", "mislabelled");
		assertThat(dead.value()).isEqualTo(stamp.toByteArray());
		assertThat(TestKafka.header(dead, DeadLetterHeaders.REASON)).contains("undeserialisable");
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE).orElseThrow())
			.contains("has content-type 'application/json' but is expected as com.google.protobuf.Timestamp");
		assertThat(this.listeners.stamps).doesNotContain(stamp);
	}

	@Test
	void recordABatchListenerNamesIsDeadLetteredWithTheListenersOwnException(CapturedOutput output) throws Exception {
		for (String key : List.of("batch-1", "batch-bad", "batch-3")) {
			this.template.send("batched", key, "payload " + key);
		}
		this.template.flush();
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter("dlq.batched", "batch-bad");
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.contains(IllegalStateException.class.getName());
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("bad record batch-bad");
		await().atMost(WAIT).until(() -> this.listeners.processed.containsAll(List.of("batch-1", "batch-3")));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Dead-lettered batched-")))
			.singleElement()
			.asString()
			.contains("java.lang.IllegalStateException: bad record batch-bad")
			.doesNotContain("BatchListenerFailedException");
	}

	private static void setTopicConfig(String topic, String name, String value) throws Exception {
		try (Admin admin = TestKafka.admin()) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
			admin.incrementalAlterConfigs(Map.of(resource,
					List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET))))
				.all()
				.get(10, TimeUnit.SECONDS);
		}
	}

	private static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, String key) {
		return await().atMost(WAIT)
			.until(() -> TestKafka.readRaw(topic, 1000, Duration.ofMillis(500))
				.stream()
				.filter((r) -> key.equals(r.key()))
				.findFirst()
				.orElse(null), java.util.Objects::nonNull);
	}

	private static long committedOffset(String topic) throws Exception {
		try (Admin admin = TestKafka.admin()) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("dlq-it")
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			OffsetAndMetadata committed = offsets.get(new TopicPartition(topic, 0));
			return (committed != null) ? committed.offset() : -1;
		}
	}

	private static int intHeader(ConsumerRecord<?, ?> record, String name) {
		return ByteBuffer.wrap(record.headers().lastHeader(name).value()).getInt();
	}

	private static long longHeader(ConsumerRecord<?, ?> record, String name) {
		return ByteBuffer.wrap(record.headers().lastHeader(name).value()).getLong();
	}

	/** A JSON payload. */
	public record Order(String id, long amountCents) {
	}

	/** Listed in kafka.utils.retry.non-retryable. */
	public static class RejectedException extends RuntimeException {

		public RejectedException(String message) {
			super(message);
		}

	}

	@Component
	static class Listeners {

		final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

		final Set<String> processed = ConcurrentHashMap.newKeySet();

		final Set<Timestamp> stamps = ConcurrentHashMap.newKeySet();

		final Set<Order> orders = ConcurrentHashMap.newKeySet();

		final Map<Integer, Boolean> bulkProcessed = new ConcurrentHashMap<>();

		final Map<String, String> replayed = new ConcurrentHashMap<>();

		volatile boolean replayBroken;

		private final Map<Integer, AtomicInteger> bulkAttempts = new ConcurrentHashMap<>();

		/** 5% of the bulk records fail permanently. */
		static boolean fatePermanent(int id) {
			return id % 20 == 7;
		}

		/** Another 5% fail on their first attempt only. */
		static boolean fateTransient(int id) {
			return id % 20 == 13;
		}

		@KafkaListener(topics = "flaky")
		void onFlaky(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			int attempt = this.deliveries.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			if (key.startsWith("p-") || attempt < 3) {
				throw new IllegalStateException("attempt " + attempt + " of " + key + " failed");
			}
			this.processed.add(key);
		}

		@KafkaListener(topics = "fatal")
		void onFatal(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			this.deliveries.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			throw new RejectedException("rejected " + key);
		}

		@KafkaListener(topics = "batched", containerFactory = "batchFactory")
		void onBatch(List<ConsumerRecord<String, String>> records) {
			for (int i = 0; i < records.size(); i++) {
				String key = records.get(i).key();
				if (key.equals("batch-bad")) {
					throw new BatchListenerFailedException("record " + i + " failed",
							new IllegalStateException("bad record " + key), i);
				}
				this.processed.add(key);
			}
		}

		@KafkaListener(topics = "blocked")
		void onBlocked(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			this.deliveries.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			throw new IllegalStateException("cannot process " + key);
		}

		@KafkaListener(topics = "stamps3")
		void onStamp(Timestamp stamp) {
			this.stamps.add(stamp);
		}

		@KafkaListener(topics = "orders3")
		void onOrder(Order order) {
			this.orders.add(order);
		}

		@KafkaListener(topics = "replayable")
		void onReplayable(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key,
				@Header(name = DeadLetterHeaders.REPLAY_COUNT, required = false) byte[] replayCount) {
			if (this.replayBroken) {
				throw new RejectedException("still broken: " + key);
			}
			this.replayed.put(key, (replayCount != null) ? new String(replayCount, StandardCharsets.US_ASCII) : "0");
		}

		@KafkaListener(topics = "bulk", concurrency = "3")
		void onBulk(String payload) {
			int id = Integer.parseInt(payload);
			int attempt = this.bulkAttempts.computeIfAbsent(id, (k) -> new AtomicInteger()).incrementAndGet();
			if (fatePermanent(id) || (fateTransient(id) && attempt == 1)) {
				throw new IllegalStateException("record " + id + " failed on attempt " + attempt);
			}
			this.bulkProcessed.put(id, Boolean.TRUE);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class App {

		@Bean
		ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
				ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
				ConsumerFactory<Object, Object> consumerFactory) {
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
			configurer.configure(factory, consumerFactory);
			factory.setBatchListener(true);
			return factory;
		}

		/** A failed record is retried after a paused poll; keep that poll short so the bulk run is quick. */
		@Bean
		ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> shortPausedPolls() {
			return (container) -> container.getContainerProperties().setPollTimeoutWhilePaused(Duration.ofMillis(5));
		}

	}

}
