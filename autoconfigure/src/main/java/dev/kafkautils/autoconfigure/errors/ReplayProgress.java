package dev.kafkautils.autoconfigure.errors;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Counts of one replay, and the partitions it stopped in. */
final class ReplayProgress {

	int replayed;

	int atLimit;

	int withoutOrigin;

	private final Map<TopicPartition, Long> stoppedAt = new HashMap<>();

	boolean isStopped(TopicPartition partition) {
		return this.stoppedAt.containsKey(partition);
	}

	void stop(TopicPartition partition, long offset) {
		this.stoppedAt.putIfAbsent(partition, offset);
	}

	ReplayResult completed(String topic) {
		return new ReplayResult(topic, this.replayed, this.atLimit, this.withoutOrigin);
	}

	/** Unfinished partitions resume where they stopped, or at the consumer's position. */
	ReplayResult stopped(String topic, Map<TopicPartition, Long> ends, KafkaConsumer<?, ?> consumer) {
		Map<Integer, Long> resumeAt = new TreeMap<>();
		for (TopicPartition partition : ends.keySet()) {
			Long stopped = this.stoppedAt.get(partition);
			long position = (stopped != null) ? stopped : consumer.position(partition);
			if (position < ends.get(partition)) {
				resumeAt.put(partition.partition(), position);
			}
		}
		return new ReplayResult(topic, this.replayed, this.atLimit, this.withoutOrigin, resumeAt.isEmpty(),
				resumeAt);
	}

}
