package dev.kafkautils.autoconfigure.errors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.kafkautils.autoconfigure.core.AdminConfigs;
import dev.kafkautils.autoconfigure.core.LazyAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.KafkaException;

/**
 * How many records each dead-letter topic holds: its latest offset (the high watermark)
 * minus its earliest (the log start), summed over its partitions. Compacted or
 * transactional topics may hold fewer.
 * <p>
 * The depth is read by the {@code kafkadlq} endpoint, which monitoring may poll, so one
 * admin client serves every reading: created on the first, with the application's admin
 * settings and every call bounded by the timeout, and closed with this bean. A client per
 * reading would cost a connection and a metadata fetch each time.
 */
public class DeadLetterDepth implements DisposableBean {

	private final LazyAdmin admin;

	private final Duration timeout;

	/**
	 * @param adminConfig the application's admin client settings
	 * @param timeout the longest one reading may take
	 */
	public DeadLetterDepth(Supplier<Map<String, Object>> adminConfig, Duration timeout) {
		this.admin = new LazyAdmin(adminConfig, timeout, "dlq-depth");
		this.timeout = timeout;
	}

	/**
	 * Read how many records each dead-letter topic holds.
	 * @param deadLetterTopics physical names of the dead-letter topics
	 * @return the depth per topic, in the order given; topics that do not exist are left out
	 * @throws KafkaException when the cluster does not answer within the timeout
	 */
	public Map<String, Long> depth(Collection<String> deadLetterTopics) {
		Set<String> topics = new LinkedHashSet<>(deadLetterTopics);
		if (topics.isEmpty()) {
			return new LinkedHashMap<>();
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			Admin admin = this.admin.get();
			List<TopicPartition> partitions = partitionsOf(admin, topics, deadline);
			Map<String, Long> depth = new LinkedHashMap<>();
			partitions.forEach((partition) -> depth.putIfAbsent(partition.topic(), 0L));
			if (partitions.isEmpty()) {
				return depth;
			}
			// both lookups in flight at once: one timeout bounds the pair
			KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> earliest = offsets(admin, partitions,
					OffsetSpec.earliest());
			KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> latest = offsets(admin, partitions,
					OffsetSpec.latest());
			Map<TopicPartition, ListOffsetsResultInfo> starts = get(earliest, deadline);
			Map<TopicPartition, ListOffsetsResultInfo> ends = get(latest, deadline);
			for (TopicPartition partition : partitions) {
				depth.merge(partition.topic(), ends.get(partition).offset() - starts.get(partition).offset(),
						Long::sum);
			}
			return depth;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while reading the depth of " + topics, ex);
		}
		catch (ExecutionException ex) {
			throw new KafkaException("Could not read the depth of " + topics, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new KafkaException("Could not read the depth of " + topics + " within " + this.timeout, ex);
		}
	}

	/**
	 * The partitions of the topics that exist, in the order of the topics. A topic this
	 * service may not describe is left out like one that does not exist, as a listing of
	 * the cluster's topics leaves out both.
	 */
	private static List<TopicPartition> partitionsOf(Admin admin, Set<String> topics, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(topics).topicNameValues();
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : topics) {
			try {
				get(descriptions.get(topic), deadline).partitions()
					.forEach((partition) -> partitions.add(new TopicPartition(topic, partition.partition())));
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof UnknownTopicOrPartitionException
						|| ex.getCause() instanceof TopicAuthorizationException)) {
					throw ex;
				}
			}
		}
		return partitions;
	}

	/** Uncommitted reads: the latest offset is the high watermark, transactions or not. */
	private KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> offsets(Admin admin,
			List<TopicPartition> partitions, OffsetSpec spec) {
		Map<TopicPartition, OffsetSpec> lookups = new LinkedHashMap<>();
		partitions.forEach((partition) -> lookups.put(partition, spec));
		ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)
			.timeoutMs(AdminConfigs.timeoutMs(this.timeout));
		return admin.listOffsets(lookups, options).all();
	}

	private static <T> T get(KafkaFuture<T> future, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	@Override
	public void destroy() {
		this.admin.close();
	}

}
