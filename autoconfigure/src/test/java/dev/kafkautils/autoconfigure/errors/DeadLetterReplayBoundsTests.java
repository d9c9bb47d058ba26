package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Replay is bounded and reports exactly what it did: one replay per topic at a time, a
 * stop at a record that cannot go back with the count of what did, and a stop at the
 * timeout with where to resume.
 */
class DeadLetterReplayBoundsTests {

	private final TopicNames topicNames = TopicNames.of("", Map.of());

	private final List<DeadLetterProducer> producers = new ArrayList<>();

	@AfterEach
	void closeProducers() {
		this.producers.forEach(DeadLetterProducer::destroy);
		Gate.open();
	}

	@Test
	void secondReplayOfATopicIsRefusedWhileTheFirstRuns() throws Exception {
		String dlq = TestKafka.uniqueTopic("dlq.gated");
		String origin = TestKafka.uniqueTopic("gated");
		TestKafka.createTopics(1, dlq, origin);
		deadLetter(dlq, origin, "k-1");
		Gate.shut();
		DeadLetterReplayer replayer = replayer(Duration.ofSeconds(30), Gate.class);
		CompletableFuture<ReplayResult> first = CompletableFuture.supplyAsync(() -> replayer.replay(dlq));
		await().atMost(Duration.ofSeconds(30)).until(Gate::isWaiting);
		assertThatExceptionOfType(ReplayInProgressException.class).isThrownBy(() -> replayer.replay(dlq))
			.withMessageContaining(dlq);
		Gate.open();
		assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(new ReplayResult(dlq, 1, 0, 0));
		// the guard is per run: once the first is done the topic can be replayed again
		assertThat(replayer.replay(dlq).replayed()).isEqualTo(1);
	}

	@Test
	void replayStopsAtARecordThatCannotGoBackAndCountsWhatDid() {
		String dlq = TestKafka.uniqueTopic("dlq.partial");
		String origin = TestKafka.uniqueTopic("partial");
		TestKafka.createTopics(1, dlq, origin);
		deadLetter(dlq, origin, "k-0");
		deadLetter(dlq, "not a valid topic name!", "k-1");
		deadLetter(dlq, origin, "k-2");
		ReplayResult result = replayer(Duration.ofSeconds(30), null).replay(dlq);
		assertThat(result.complete()).isFalse();
		assertThat(result.replayed()).isEqualTo(2);
		assertThat(result.resumeAt()).containsExactly(Map.entry(0, 1L));
		assertThat(TestKafka.readRaw(origin, 2, Duration.ofSeconds(10))).extracting((record) -> record.key())
			.containsExactly("k-0", "k-2");
	}

	@Test
	void replayStopsAtItsTimeoutAndSaysWhereToResume() {
		String dlq = TestKafka.uniqueTopic("dlq.slow");
		String origin = TestKafka.uniqueTopic("slow");
		TestKafka.createTopics(1, dlq, origin);
		deadLetter(dlq, origin, "k-0");
		deadLetter(dlq, origin, "k-1");
		deadLetter(dlq, origin, "k-2");
		// one record per poll, and each send held longer than the whole replay may read
		ReplayResult result = replayer(Duration.ofSeconds(1), Slow.class, Map.of("max.poll.records", 1)).replay(dlq);
		assertThat(result.complete()).isFalse();
		assertThat(result.replayed()).isEqualTo(1);
		assertThat(result.resumeAt()).containsExactly(Map.entry(0, 1L));
		assertThat(TestKafka.readRaw(origin, 1, Duration.ofSeconds(10))).extracting((record) -> record.key())
			.containsExactly("k-0");
		// resuming where it stopped replays the rest
		ReplayResult rest = replayer(Duration.ofSeconds(30), null, Map.of()).replay(dlq, 1L, null);
		assertThat(rest).isEqualTo(new ReplayResult(dlq, 2, 0, 0));
	}

	private DeadLetterReplayer replayer(Duration timeout, @Nullable Class<?> interceptor) {
		return replayer(timeout, interceptor, Map.of());
	}

	private DeadLetterReplayer replayer(Duration timeout, @Nullable Class<?> interceptor,
			Map<String, Object> consumerSettings) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
		if (interceptor != null) {
			config.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, interceptor.getName());
		}
		DeadLetterProducer producer = new DeadLetterProducer(new DefaultKafkaProducerFactory<>(config),
				(topic, data) -> String.valueOf(data).getBytes(StandardCharsets.UTF_8), "replay-bounds");
		this.producers.add(producer);
		Map<String, Object> consumer = new HashMap<>(consumerSettings);
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
		return new DeadLetterReplayer(producer, consumer, this.topicNames, 3, timeout);
	}

	private static void deadLetter(String dlq, String origin, String key) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(dlq, key,
				("payload " + key).getBytes(StandardCharsets.UTF_8));
		record.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, origin.getBytes(StandardCharsets.UTF_8));
		TestKafka.sendRaw(record);
	}

	/** Holds every send for 1.5 s. */
	public static class Slow extends Gate {

		@Override
		public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
			try {
				new CountDownLatch(1).await(1500, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return record;
		}

	}

	/** Holds every send until opened, so a replay stays running. */
	public static class Gate implements ProducerInterceptor<Object, Object> {

		private static volatile CountDownLatch latch = new CountDownLatch(0);

		private static volatile boolean waiting;

		static void shut() {
			latch = new CountDownLatch(1);
			waiting = false;
		}

		static void open() {
			latch.countDown();
		}

		static boolean isWaiting() {
			return waiting;
		}

		@Override
		public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
			waiting = true;
			try {
				latch.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return record;
		}

		@Override
		public void onAcknowledgement(RecordMetadata metadata, @Nullable Exception exception) {
		}

		@Override
		public void close() {
		}

		@Override
		public void configure(Map<String, ?> configs) {
		}

	}

}
