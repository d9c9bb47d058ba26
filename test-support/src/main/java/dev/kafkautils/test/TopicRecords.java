package dev.kafkautils.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads what is in a topic, for assertions: every record from the beginning, keys as
 * text, values and headers as the bytes on the wire, outside any consumer group (so it
 * never takes partitions from the application's listeners). {@link #await} waits until a
 * record that matches is there, for example the dead-letter copy of a record:
 *
 * <pre class="code">
 * ConsumerRecord&lt;String, byte[]&gt; dead = TopicRecords.of(cluster.bootstrapServers())
 *     .await("dlq.orders", (record) -&gt; "order-1".equals(record.key()), Duration.ofSeconds(30));
 * assertThat(TopicRecords.header(dead, "kafka_dlt-reason")).contains("undeserialisable");
 * </pre>
 */
public final class TopicRecords {

	private static final Duration POLL = Duration.ofMillis(200);

	private final String bootstrapServers;

	private TopicRecords(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	/**
	 * @param bootstrapServers the cluster to read from
	 * @return a reader of its topics
	 */
	public static TopicRecords of(String bootstrapServers) {
		return new TopicRecords(bootstrapServers);
	}

	/**
	 * Every record of a topic at the moment of the call, partition by partition.
	 * @param topic the physical topic name
	 * @return the records, empty when the topic does not exist or is empty
	 */
	public List<ConsumerRecord<String, byte[]>> read(String topic) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config())) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
			if (infos == null || infos.isEmpty()) {
				return List.of();
			}
			List<TopicPartition> partitions = infos.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!caughtUp(consumer, ends) && System.nanoTime() < deadline) {
				consumer.poll(POLL).forEach(records::add);
			}
			return records;
		}
	}

	/**
	 * Wait until the topic holds a record that matches.
	 * @param topic the physical topic name
	 * @param match the record looked for
	 * @param timeout how long to wait
	 * @return the first record that matches
	 * @throws org.awaitility.core.ConditionTimeoutException when none appears in time
	 */
	public ConsumerRecord<String, byte[]> await(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
			Duration timeout) {
		return Awaitility.await().atMost(timeout)
			.pollInterval(POLL)
			.until(() -> read(topic).stream().filter(match).findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	/**
	 * Wait until the topic holds at least a number of records.
	 * @param topic the physical topic name
	 * @param count how many records
	 * @param timeout how long to wait
	 * @return the records then
	 */
	public List<ConsumerRecord<String, byte[]>> awaitCount(String topic, int count, Duration timeout) {
		return Awaitility.await().atMost(timeout).pollInterval(POLL).until(() -> read(topic), (records) -> records.size() >= count);
	}

	/**
	 * @param record a record
	 * @param name a header name
	 * @return the last header of that name as UTF-8 text, empty when there is none
	 */
	public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null)
				? Optional.of(new String(header.value(), StandardCharsets.UTF_8)) : Optional.empty();
	}

	private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

	private Map<String, Object> config() {
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
	}

}
