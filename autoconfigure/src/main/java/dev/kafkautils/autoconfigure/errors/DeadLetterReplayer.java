package dev.kafkautils.autoconfigure.errors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;

/**
 * Sends dead-lettered records back to their original topic, once the cause of their
 * failure is fixed. Key, value bytes and original headers go back unchanged; the
 * {@code kafka_dlt-*} headers are dropped and {@link DeadLetterHeaders#REPLAY_COUNT} is
 * raised by one ({@link ReplayRecords}). A record that was already replayed
 * {@code kafka.utils.dlq.replay.max-replays} times is skipped, so a record that keeps
 * failing cannot loop between a topic and its dead-letter topic.
 * <p>
 * Replay reads with its own consumer, assigned to the partitions and outside any
 * consumer group, so it never disturbs the application's listeners. It is bounded: one
 * replay per topic at a time ({@link ReplayInProgressException} for a second), at most
 * one poll's records in flight (each batch is acknowledged before the next is read), and
 * {@code kafka.utils.dlq.replay.timeout} for reading, plus as long again at most for the
 * acknowledgement of what it sent. A replay that stops early, at the timeout or on a
 * record it cannot send back, reports exactly what was acknowledged and the offset to
 * resume each unfinished partition from.
 */
public class DeadLetterReplayer {

	private static final Log logger = LogFactory.getLog(DeadLetterReplayer.class);

	private final DeadLetterProducer producer;

	private final Map<String, Object> consumerConfig;

	private final TopicNames topicNames;

	private final int maxReplays;

	private final Duration timeout;

	private final Set<String> running = ConcurrentHashMap.newKeySet();

	DeadLetterReplayer(DeadLetterProducer producer, Map<String, Object> consumerConfig, TopicNames topicNames,
			int maxReplays, Duration timeout) {
		this.producer = producer;
		this.consumerConfig = readerConfig(consumerConfig);
		this.topicNames = topicNames;
		this.maxReplays = maxReplays;
		this.timeout = timeout;
	}

	private static Map<String, Object> readerConfig(Map<String, Object> consumerConfig) {
		Map<String, Object> config = new HashMap<>(consumerConfig);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.CLIENT_ID_CONFIG);
		config.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		return config;
	}

	/**
	 * Replay every record of a dead-letter topic.
	 * @param deadLetterTopic the dead-letter topic, logical or physical name
	 * @return what was replayed and what was skipped
	 */
	public ReplayResult replay(String deadLetterTopic) {
		return replay(deadLetterTopic, null, null);
	}

	/**
	 * Replay the records of a dead-letter topic within an offset range, in every
	 * partition.
	 * @param deadLetterTopic the dead-letter topic, logical or physical name
	 * @param fromOffset first offset to replay, or {@code null} for the beginning
	 * @param toOffset last offset to replay (inclusive), or {@code null} for the end
	 * @return what was replayed and what was skipped
	 * @throws ReplayInProgressException when a replay of the topic is running
	 */
	public ReplayResult replay(String deadLetterTopic, @Nullable Long fromOffset, @Nullable Long toOffset) {
		String topic = this.topicNames.physical(deadLetterTopic);
		if (!this.running.add(topic)) {
			throw new ReplayInProgressException(topic);
		}
		try {
			ReplayResult result = run(topic, fromOffset, toOffset);
			logger.info("Replayed " + result.replayed() + " record(s) from " + topic + "; skipped "
					+ result.skippedAtLimit() + " at the replay limit and " + result.skippedWithoutOrigin()
					+ " without an original topic" + (result.complete() ? ""
							: "; stopped before the end, resume at " + result.resumeAt()));
			return result;
		}
		finally {
			this.running.remove(topic);
		}
	}

	private ReplayResult run(String topic, @Nullable Long fromOffset, @Nullable Long toOffset) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		ReplayProgress progress = new ReplayProgress();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(this.consumerConfig)) {
			Map<TopicPartition, Long> ends = assign(consumer, topic, fromOffset, toOffset);
			while (!ends.isEmpty() && System.nanoTime() < deadline) {
				ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
				if (!replayBatch(records, ends, progress, deadline)) {
					return progress.stopped(topic, ends, consumer);
				}
				ends.entrySet().removeIf((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
			}
			return ends.isEmpty() ? progress.completed(topic) : progress.stopped(topic, ends, consumer);
		}
	}

	/**
	 * Sends one poll's records back and waits for their acknowledgements.
	 * @return {@code false} when a record could not be sent back in time: the replay
	 * stops at it
	 */
	private boolean replayBatch(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, Long> ends,
			ReplayProgress progress, long deadline) {
		List<Sent> sent = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : records) {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			Long end = ends.get(partition);
			if (end == null || record.offset() >= end || progress.isStopped(partition)) {
				continue;
			}
			Header origin = ReplayRecords.originalTopic(record);
			int count = ReplayRecords.replayCount(record);
			if (origin == null) {
				progress.withoutOrigin++;
			}
			else if (count >= this.maxReplays) {
				progress.atLimit++;
			}
			else {
				sent.add(new Sent(partition, record.offset(), send(ReplayRecords.replayRecord(record, origin, count))));
			}
		}
		boolean allAcknowledged = true;
		for (Sent send : sent) {
			try {
				// what was sent before the deadline gets as long again to be acknowledged, so that
				// the count stays exact
				long left = Math.max(1, deadline + this.timeout.toNanos() - System.nanoTime());
				send.future().get(left, TimeUnit.NANOSECONDS);
				progress.replayed++;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				progress.stop(send.partition(), send.offset());
				allAcknowledged = false;
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.warn("Replay could not send " + send.partition() + "@" + send.offset() + " back: " + ex);
				progress.stop(send.partition(), send.offset());
				allAcknowledged = false;
			}
		}
		return allAcknowledged;
	}

	/** A send that fails before the producer takes the record fails its future, like any other. */
	private CompletableFuture<?> send(ProducerRecord<Object, Object> record) {
		try {
			return this.producer.template().send(record);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/** Assigns the topic's partitions and returns the offset each one is read up to (exclusive). */
	private Map<TopicPartition, Long> assign(KafkaConsumer<byte[], byte[]> consumer, String topic,
			@Nullable Long fromOffset, @Nullable Long toOffset) {
		List<PartitionInfo> infos = consumer.partitionsFor(topic, this.timeout);
		if (infos == null || infos.isEmpty()) {
			throw new KafkaException("Dead-letter topic " + topic + " does not exist");
		}
		List<TopicPartition> partitions = infos.stream().map((info) -> new TopicPartition(topic, info.partition())).toList();
		consumer.assign(partitions);
		Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, this.timeout);
		Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, this.timeout);
		Map<TopicPartition, Long> ends = new LinkedHashMap<>();
		for (TopicPartition partition : partitions) {
			long start = Math.max(beginnings.get(partition), (fromOffset != null) ? fromOffset : 0L);
			long end = Math.min(endOffsets.get(partition), (toOffset != null) ? toOffset + 1 : Long.MAX_VALUE);
			if (start < end) {
				consumer.seek(partition, start);
				ends.put(partition, end);
			}
		}
		consumer.pause(partitions.stream().filter((partition) -> !ends.containsKey(partition)).toList());
		return ends;
	}

	private record Sent(TopicPartition partition, long offset, CompletableFuture<?> future) {
	}

}
