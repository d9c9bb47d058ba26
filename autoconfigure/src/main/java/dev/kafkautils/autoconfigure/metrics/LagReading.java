package dev.kafkautils.autoconfigure.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.autoconfigure.core.AdminConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * One reading of consumer lag with an admin client: the groups' committed offsets and
 * the partitions' end offsets requested together under one deadline, and for partitions
 * a group never committed, their first offsets.
 */
final class LagReading {

	private LagReading() {
	}

	/**
	 * @param admin the admin client
	 * @param assigned the partitions assigned to this instance, by consumer group
	 * @param timeout the bound of the whole reading
	 * @return the lag of every partition that could be read
	 * @throws Exception when the cluster did not answer in time
	 */
	static Map<Partition, Long> read(Admin admin, Map<String, Set<TopicPartition>> assigned, Duration timeout)
			throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		int timeoutMs = AdminConfigs.timeoutMs(timeout);
		Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
		Set<TopicPartition> partitions = new HashSet<>();
		assigned.forEach((group, groupPartitions) -> {
			groups.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(groupPartitions));
			partitions.addAll(groupPartitions);
		});
		// both requests in flight at once: one timeout bounds the pair
		KafkaFuture<Map<String, Map<TopicPartition, OffsetAndMetadata>>> committedFuture = admin
			.listConsumerGroupOffsets(groups, new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
			.all();
		KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> endsFuture = admin
			.listOffsets(offsetSpecs(partitions, OffsetSpec.latest()), new ListOffsetsOptions().timeoutMs(timeoutMs))
			.all();
		Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = get(committedFuture, deadline);
		Map<TopicPartition, ListOffsetsResultInfo> ends = get(endsFuture, deadline);
		Set<TopicPartition> neverCommitted = new HashSet<>();
		assigned.forEach((group, groupPartitions) -> groupPartitions.stream()
			.filter((partition) -> committedOffset(committed, group, partition) == null)
			.forEach(neverCommitted::add));
		Map<TopicPartition, ListOffsetsResultInfo> starts = neverCommitted.isEmpty() ? Map.of()
				: get(admin.listOffsets(offsetSpecs(neverCommitted, OffsetSpec.earliest()),
						new ListOffsetsOptions().timeoutMs(timeoutMs))
					.all(), deadline);
		Map<Partition, Long> lags = new HashMap<>();
		assigned.forEach((group, groupPartitions) -> {
			for (TopicPartition partition : groupPartitions) {
				OffsetAndMetadata offset = committedOffset(committed, group, partition);
				ListOffsetsResultInfo from = (offset == null) ? starts.get(partition) : null;
				ListOffsetsResultInfo end = ends.get(partition);
				if (end != null && (offset != null || from != null)) {
					long position = (offset != null) ? offset.offset() : from.offset();
					lags.put(new Partition(group, partition), Math.max(0, end.offset() - position));
				}
			}
		});
		return lags;
	}

	private static @Nullable OffsetAndMetadata committedOffset(
			Map<String, Map<TopicPartition, OffsetAndMetadata>> committed, String group, TopicPartition partition) {
		Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(group);
		return (offsets != null) ? offsets.get(partition) : null;
	}

	private static Map<TopicPartition, OffsetSpec> offsetSpecs(Collection<TopicPartition> partitions, OffsetSpec spec) {
		Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
		partitions.forEach((partition) -> specs.put(partition, spec));
		return specs;
	}

	private static <T> T get(KafkaFuture<T> future, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	/**
	 * A partition as one consumer group consumes it.
	 *
	 * @param group the consumer group
	 * @param partition the partition
	 */
	record Partition(String group, TopicPartition partition) {
	}

}
