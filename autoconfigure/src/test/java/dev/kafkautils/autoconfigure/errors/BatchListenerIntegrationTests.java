package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch listeners against a real broker, through Spring Boot's default factory with
 * {@code batch = "true"} and through a factory built with Boot's configurer: bulk runs
 * in which 1% of the records fail for good, thrown without naming the record and as a
 * {@link BatchListenerFailedException}; unreadable records inside a batch; the headers
 * of the typed lists; the meters' exact counts.
 */
@SpringBootTest(classes = BatchListenerIntegrationTests.App.class,
		properties = { "spring.application.name=batch-it", "spring.kafka.consumer.group-id=batch-it",
				"spring.kafka.consumer.max-poll-records=500", "kafka.utils.provisioning.enabled=false",
				"kafka.utils.retry.max-attempts=3", "kafka.utils.retry.backoff.initial=10ms",
				"kafka.utils.retry.backoff.max=20ms",
				"kafka.utils.topics.bl-plain.type=dev.kafkautils.autoconfigure.errors.BatchListenerIntegrationTests$Order",
				"kafka.utils.topics.bl-named.type=com.google.protobuf.Timestamp",
				"kafka.utils.topics.bl-garbage.type=com.google.protobuf.Timestamp",
				"kafka.utils.topics.bl-garbage-msg.type=com.google.protobuf.Timestamp",
				"kafka.utils.topics.bl-metered.type=dev.kafkautils.autoconfigure.errors.BatchListenerIntegrationTests$Order" })
class BatchListenerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int BULK = 10_000;

	private static final String GROUP = "batch-it";

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(3, "bl-plain", "bl-named");
		TestKafka.createTopics(1, "dlq.bl-plain", "dlq.bl-named", "bl-garbage", "dlq.bl-garbage", "bl-garbage-msg",
				"dlq.bl-garbage-msg", "bl-records", "bl-metered", "dlq.bl-metered");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Listeners listeners;

	@Autowired
	private DeadLetters deadLetters;

	@Autowired
	private MeterRegistry meterRegistry;

	/** 1% of the bulk records fail for good, scattered over the partitions. */
	static boolean failing(int id) {
		return id % 100 == 37;
	}

	@Test
	void plainExceptionDeadLettersExactlyTheFailingRecordsAndKeepsOrder() {
		for (int id = 0; id < BULK; id++) {
			this.template.send("bl-plain", Integer.toString(id), new Order(id));
		}
		this.template.flush();
		assertBulkRun("bl-plain", this.listeners.plain);
	}

	@Test
	void batchListenerFailedExceptionDeadLettersExactlyTheNamedRecordsAndKeepsOrder() {
		for (int id = 0; id < BULK; id++) {
			this.template.send("bl-named", Integer.toString(id), Timestamp.newBuilder().setSeconds(id).build());
		}
		this.template.flush();
		assertBulkRun("bl-named", this.listeners.named);
	}

	private void assertBulkRun(String topic, Processed processed) {
		await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> processed.count() + this.deadLetters.of(topic).size() >= BULK);
		List<ConsumerRecord<String, byte[]>> dead = TestKafka.readRaw("dlq." + topic, BULK, Duration.ofSeconds(2));
		Map<Integer, Integer> deadCounts = new HashMap<>();
		dead.forEach((record) -> deadCounts.merge(Integer.parseInt(record.key()), 1, Integer::sum));
		int failingCount = 0;
		for (int id = 0; id < BULK; id++) {
			if (failing(id)) {
				failingCount++;
				assertThat(deadCounts.get(id)).as("dead-letter copies of failing record " + id).isEqualTo(1);
				assertThat(processed.times(id)).as("failing record " + id + " processed").isZero();
			}
			else {
				assertThat(deadCounts).as("good record " + id + " dead-lettered").doesNotContainKey(id);
				assertThat(processed.times(id)).as("times good record " + id + " was processed").isEqualTo(1);
			}
		}
		assertThat(dead).hasSize(failingCount);
		assertThat(failingCount).isEqualTo(BULK / 100);
		ConsumerRecord<String, byte[]> first = dead.get(0);
		assertThat(TestKafka.header(first, DeadLetterHeaders.REASON)).contains("retries-exhausted");
		assertThat(TestKafka.header(first, DeadLetterHeaders.DELIVERY_ATTEMPTS)).contains("3");
		assertThat(TestKafka.header(first, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.contains(IllegalStateException.class.getName());
		assertThat(TestKafka.header(first, KafkaHeaders.DLT_EXCEPTION_MESSAGE).orElseThrow()).startsWith("cannot process");
		assertOrder(processed, this.deadLetters.of(topic));
	}

	/**
	 * Within each partition, records are processed in offset order, and a dead-lettered
	 * record is dead-lettered after every record before it and before every record after
	 * it is processed.
	 */
	private static void assertOrder(Processed processed, List<long[]> dead) {
		Map<Integer, List<long[]>> byPartition = new HashMap<>();
		for (long[] event : processed.events) {
			byPartition.computeIfAbsent((int) event[0], (key) -> new ArrayList<>()).add(event);
		}
		assertThat(byPartition).hasSize(3);
		byPartition.forEach((partition, events) -> {
			for (int i = 1; i < events.size(); i++) {
				assertThat(events.get(i)[1]).as("offset order in partition " + partition)
					.isGreaterThan(events.get(i - 1)[1]);
			}
		});
		for (long[] deadLettered : dead) {
			for (long[] event : byPartition.get((int) deadLettered[0])) {
				boolean after = event[1] > deadLettered[1];
				assertThat(event[2] > deadLettered[2]).as("record at offset " + event[1] + " processed "
						+ (after ? "after" : "before") + " the dead-lettered one at " + deadLettered[1])
					.isEqualTo(after);
			}
		}
	}

	@Test
	void unreadableRecordIsTakenOutOfATypedBatchAndDeadLetteredByteForByte() {
		assertUnreadableRecordIsTakenOut("bl-garbage", this.listeners.garbage);
	}

	@Test
	void unreadableRecordIsTakenOutOfABatchOfMessages() {
		assertUnreadableRecordIsTakenOut("bl-garbage-msg", this.listeners.garbageMessages);
	}

	private void assertUnreadableRecordIsTakenOut(String topic, Processed processed) {
		byte[] garbage = { (byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x7f };
		for (int id = 0; id < 5; id++) {
			this.template.send(topic, Integer.toString(id), Timestamp.newBuilder().setSeconds(id).build());
		}
		this.template.send(new ProducerRecord<>(topic, "poison", garbage));
		for (int id = 5; id < 10; id++) {
			this.template.send(topic, Integer.toString(id), Timestamp.newBuilder().setSeconds(id).build());
		}
		this.template.flush();
		await().atMost(WAIT).until(() -> processed.count() == 10);
		ConsumerRecord<String, byte[]> dead = TestKafka.readRaw("dlq." + topic, 1, Duration.ofSeconds(30)).get(0);
		assertThat(dead.key()).isEqualTo("poison");
		assertThat(dead.value()).isEqualTo(garbage);
		assertThat(TestKafka.header(dead, DeadLetterHeaders.REASON)).contains("undeserialisable");
		assertThat(TestKafka.header(dead, DeadLetterHeaders.DELIVERY_ATTEMPTS)).contains("1");
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).contains(topic);
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_ORIGINAL_OFFSET)).isPresent();
		for (int id = 0; id < 10; id++) {
			assertThat(processed.times(id)).as("deliveries of record " + id).isEqualTo(1);
		}
		assertThat(TestKafka.readRaw("dlq." + topic, 2, Duration.ofSeconds(2))).hasSize(1);
	}

	@Test
	void recordBatchesCarryKeysPartitionsAndOffsets() {
		this.template.send("bl-records", "k-1", "one");
		this.template.send("bl-records", "k-2", "two");
		this.template.flush();
		await().atMost(WAIT).until(() -> this.listeners.records.size() == 2);
		assertThat(this.listeners.records).containsExactly("k-1=one@0", "k-2=two@1");
	}

	@Test
	void metersCountEveryRecordOnce() {
		for (int id = 0; id < 20; id++) {
			this.template.send("bl-metered", Integer.toString(id), new Order(id));
		}
		this.template.send(new ProducerRecord<>("bl-metered", "poison", "{not json".getBytes(StandardCharsets.UTF_8)));
		this.template.flush();
		// ids 3 and 13 fail for good: 20 records, 2 failing, 1 unreadable
		await().atMost(WAIT).until(() -> this.deadLetters.of("bl-metered").size() == 3);
		await().atMost(WAIT).until(() -> this.listeners.metered.count() == 18);
		assertThat(counter(KafkaUtilsMetrics.CONSUMER_RECORDS, null)).isEqualTo(18);
		assertThat(counter(KafkaUtilsMetrics.CONSUMER_RETRIES, "IllegalStateException")).isEqualTo(4);
		assertThat(counter(KafkaUtilsMetrics.CONSUMER_DEAD_LETTERED, "IllegalStateException")).isEqualTo(2);
		assertThat(counter(KafkaUtilsMetrics.CONSUMER_DEAD_LETTERED, "DeserializationException")).isEqualTo(1);
		var size = this.meterRegistry.get(KafkaUtilsMetrics.CONSUMER_BATCH_SIZE)
			.tags("topic", "bl-metered", "group", GROUP)
			.summary();
		assertThat(size.totalAmount()).isGreaterThanOrEqualTo(18);
		assertThat(size.max()).isLessThanOrEqualTo(500);
		assertThat(this.meterRegistry.get(KafkaUtilsMetrics.CONSUMER_BATCH_PROCESSING)
			.tags("topic", "bl-metered", "group", GROUP, "outcome", "success")
			.timer()
			.count()).isPositive();
		assertThat(this.meterRegistry.get(KafkaUtilsMetrics.CONSUMER_BATCH_PROCESSING)
			.tags("topic", "bl-metered", "group", GROUP, "outcome", "failure")
			.timer()
			.count()).isPositive();
		assertThat(this.meterRegistry.find(KafkaUtilsMetrics.CONSUMER_PROCESSING).tags("topic", "bl-metered").timers())
			.as("record listener timers").allSatisfy((timer) -> assertThat(timer.count()).isZero());
	}

	private double counter(String name, String exception) {
		var search = this.meterRegistry.get(name).tags("topic", "bl-metered", "group", GROUP);
		return ((exception != null) ? search.tag("exception", exception) : search).counter().count();
	}

	/** A JSON payload. */
	public record Order(int id) {
	}

	/** What a listener processed: how often per id, and in which order per partition. */
	static final class Processed {

		private final Map<Integer, AtomicInteger> times = new ConcurrentHashMap<>();

		/** partition, offset, sequence number. */
		final Queue<long[]> events = new ConcurrentLinkedQueue<>();

		void add(int id, int partition, long offset) {
			this.times.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			this.events.add(new long[] { partition, offset, Sequence.next() });
		}

		int times(int id) {
			AtomicInteger count = this.times.get(id);
			return (count != null) ? count.get() : 0;
		}

		int count() {
			return this.times.size();
		}

	}

	/** Orders processing and dead-lettering across threads. */
	static final class Sequence {

		private static final AtomicLong NEXT = new AtomicLong();

		static long next() {
			return NEXT.incrementAndGet();
		}

	}

	/** Records what the kafka-utils recoverer dead-lettered, in order. */
	@Component
	static class DeadLetters implements FailedRecordListener {

		private final Map<String, List<long[]>> byTopic = new ConcurrentHashMap<>();

		@Override
		public void deadLettered(FailedRecord failed) {
			this.byTopic.computeIfAbsent(failed.sourceTopic(), (key) -> new CopyOnWriteArrayList<>())
				.add(new long[] { failed.sourcePartition(), failed.sourceOffset(), Sequence.next() });
		}

		List<long[]> of(String topic) {
			return this.byTopic.getOrDefault(topic, List.of());
		}

	}

	@Component
	static class Listeners {

		final Processed plain = new Processed();

		final Processed named = new Processed();

		final Processed garbage = new Processed();

		final Processed garbageMessages = new Processed();

		final Processed metered = new Processed();

		final List<String> records = new CopyOnWriteArrayList<>();

		/** Processes a batch as one unit: on failure, nothing of it counts. */
		@KafkaListener(topics = "bl-plain", batch = "true", concurrency = "3")
		void onPlain(List<Order> orders, @Header(KafkaHeaders.RECEIVED_PARTITION) List<Integer> partitions,
				@Header(KafkaHeaders.OFFSET) List<Long> offsets) {
			for (Order order : orders) {
				if (failing(order.id())) {
					throw new IllegalStateException("cannot process order " + order.id());
				}
			}
			for (int i = 0; i < orders.size(); i++) {
				this.plain.add(orders.get(i).id(), partitions.get(i), offsets.get(i));
			}
		}

		/** Processes record by record and names the one that fails. */
		@KafkaListener(topics = "bl-named", containerFactory = "batchFactory", concurrency = "3")
		void onNamed(List<Timestamp> stamps, @Header(KafkaHeaders.RECEIVED_PARTITION) List<Integer> partitions,
				@Header(KafkaHeaders.OFFSET) List<Long> offsets) {
			for (int i = 0; i < stamps.size(); i++) {
				int id = (int) stamps.get(i).getSeconds();
				if (failing(id)) {
					throw new BatchListenerFailedException("record " + i + " failed",
							new IllegalStateException("cannot process stamp " + id), i);
				}
				this.named.add(id, partitions.get(i), offsets.get(i));
			}
		}

		@KafkaListener(topics = "bl-garbage", batch = "true")
		void onGarbage(List<Timestamp> stamps, @Header(KafkaHeaders.OFFSET) List<Long> offsets) {
			for (int i = 0; i < stamps.size(); i++) {
				this.garbage.add((int) stamps.get(i).getSeconds(), 0, offsets.get(i));
			}
		}

		@KafkaListener(topics = "bl-garbage-msg", containerFactory = "batchFactory")
		void onGarbageMessages(List<Message<Timestamp>> messages) {
			for (Message<Timestamp> message : messages) {
				this.garbageMessages.add((int) message.getPayload().getSeconds(), 0,
						message.getHeaders().get(KafkaHeaders.OFFSET, Long.class));
			}
		}

		@KafkaListener(topics = "bl-records", batch = "true")
		void onRecords(List<ConsumerRecord<String, byte[]>> batch) {
			for (ConsumerRecord<String, byte[]> record : batch) {
				this.records.add(record.key() + "=" + new String(record.value(), StandardCharsets.UTF_8) + "@"
						+ record.offset());
			}
		}

		@KafkaListener(topics = "bl-metered", batch = "true")
		void onMetered(List<Order> orders, @Header(KafkaHeaders.OFFSET) List<Long> offsets) {
			for (int i = 0; i < orders.size(); i++) {
				if (orders.get(i).id() % 10 == 3) {
					throw new IllegalStateException("cannot process order " + orders.get(i).id());
				}
			}
			for (int i = 0; i < orders.size(); i++) {
				this.metered.add(orders.get(i).id(), 0, offsets.get(i));
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Listeners.class, DeadLetters.class })
	static class App {

		@Bean
		ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
				ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
				ConsumerFactory<Object, Object> consumerFactory) {
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
			configurer.configure(factory, consumerFactory);
			factory.setBatchListener(true);
			// Boot's container customizer is for its own factory only
			factory.getContainerProperties().setPollTimeoutWhilePaused(Duration.ofMillis(5));
			return factory;
		}

		/** A failed record is retried after a paused poll; keep that poll short. */
		@Bean
		ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> shortPausedPolls() {
			return (container) -> container.getContainerProperties().setPollTimeoutWhilePaused(Duration.ofMillis(5));
		}

	}

}
