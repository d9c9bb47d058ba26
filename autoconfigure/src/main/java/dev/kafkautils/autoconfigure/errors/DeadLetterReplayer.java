package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Sends dead-lettered records back to their original topic, once the cause of their
 * failure is fixed. Key, value bytes and original headers go back unchanged; the
 * {@code kafka_dlt-*} headers are dropped and {@link DeadLetterHeaders#REPLAY_COUNT} is
 * raised by one. A record that was already replayed
 * {@code kafka.utils.dlq.replay.max-replays} times is skipped, so a record that keeps
 * failing cannot loop between a topic and its dead-letter topic.
 * <p>
 * Replay reads with its own consumer, assigned to the partitions and outside any
 * consumer group, so it never disturbs the application's listeners.
 */
public class DeadLetterReplayer {

	private static final Log logger = LogFactory.getLog(DeadLetterReplayer.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String[] FAILURE_HEADER_PREFIXES = { DeadLetterHeaders.DEAD_LETTER_PREFIX,
			KafkaHeaders.PREFIX + "original-", KafkaHeaders.PREFIX + "exception-",
			KafkaHeaders.PREFIX + "key-exception-", "retry_topic-" };

	private final DeadLetterProducer producer;

	private final Map<String, Object> consumerConfig;

	private final TopicNames topicNames;

	private final int maxReplays;

	DeadLetterReplayer(DeadLetterProducer producer, Map<String, Object> consumerConfig,
			TopicNames topicNames, int maxReplays) {
		this.producer = producer;
		this.consumerConfig = readerConfig(consumerConfig);
		this.topicNames = topicNames;
		this.maxReplays = maxReplays;
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
	 */
	public ReplayResult replay(String deadLetterTopic, @Nullable Long fromOffset, @Nullable Long toOffset) {
		String topic = this.topicNames.physical(deadLetterTopic);
		int replayed = 0;
		int atLimit = 0;
		int withoutOrigin = 0;
		List<CompletableFuture<?>> sends = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(this.consumerConfig)) {
			Map<TopicPartition, Long> ends = assign(consumer, topic, fromOffset, toOffset);
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (!ends.isEmpty()) {
				if (System.nanoTime() > deadline) {
					throw new KafkaException("Replay of " + topic + " did not reach the end offsets " + ends + " within "
							+ TIMEOUT);
				}
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					Long end = ends.get(partition);
					if (end == null || record.offset() >= end) {
						continue;
					}
					Header origin = originalTopic(record);
					int count = replayCount(record);
					if (origin == null) {
						withoutOrigin++;
					}
					else if (count >= this.maxReplays) {
						atLimit++;
					}
					else {
						sends.add(this.producer.template().send(replayRecord(record, origin, count)));
						replayed++;
					}
				}
				ends.entrySet().removeIf((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
			}
			for (CompletableFuture<?> send : sends) {
				send.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while replaying " + topic, ex);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new KafkaException("Replay of " + topic + " could not send every record back", ex);
		}
		ReplayResult result = new ReplayResult(topic, replayed, atLimit, withoutOrigin);
		logger.info("Replayed " + replayed + " record(s) from " + topic + "; skipped " + atLimit
				+ " at the replay limit and " + withoutOrigin + " without an original topic");
		return result;
	}

	/** Assigns the topic's partitions and returns the offset each one is read up to (exclusive). */
	private static Map<TopicPartition, Long> assign(KafkaConsumer<byte[], byte[]> consumer, String topic,
			@Nullable Long fromOffset, @Nullable Long toOffset) {
		List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
		if (infos == null || infos.isEmpty()) {
			throw new KafkaException("Dead-letter topic " + topic + " does not exist");
		}
		List<TopicPartition> partitions = infos.stream().map((info) -> new TopicPartition(topic, info.partition())).toList();
		consumer.assign(partitions);
		Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, TIMEOUT);
		Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, TIMEOUT);
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

	private static ProducerRecord<Object, Object> replayRecord(ConsumerRecord<byte[], byte[]> record, Header origin,
			int count) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : record.headers()) {
			if (!isFailureHeader(header.key())) {
				headers.add(header);
			}
		}
		headers.add(new RecordHeader(DeadLetterHeaders.REPLAY_COUNT,
				Integer.toString(count + 1).getBytes(StandardCharsets.US_ASCII)));
		String topic = new String(origin.value(), StandardCharsets.UTF_8);
		return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
	}

	/**
	 * The original topic: spring-kafka's dead-letter header, or, for records that came
	 * through retry topics, its retry-topic header.
	 */
	private static @Nullable Header originalTopic(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC);
		return (header != null) ? header : record.headers().lastHeader(KafkaHeaders.ORIGINAL_TOPIC);
	}

	/** Headers that describe a failure or a retry, not the record: not replayed. */
	private static boolean isFailureHeader(String name) {
		for (String prefix : FAILURE_HEADER_PREFIXES) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return name.equals(DeadLetterHeaders.REPLAY_COUNT);
	}

	private static int replayCount(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(DeadLetterHeaders.REPLAY_COUNT);
		if (header == null || header.value() == null) {
			return 0;
		}
		try {
			return Integer.parseInt(new String(header.value(), StandardCharsets.US_ASCII).trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
