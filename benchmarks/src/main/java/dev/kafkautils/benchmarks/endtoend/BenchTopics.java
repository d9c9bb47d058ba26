package dev.kafkautils.benchmarks.endtoend;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * Creates a fresh topic per round, waits until it can take writes, counts what landed in
 * it and deletes it.
 */
final class BenchTopics implements AutoCloseable {

	private final Admin admin;

	private final int partitions;

	BenchTopics(String bootstrapServers, int partitions) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
		this.partitions = partitions;
	}

	/**
	 * Create a topic and wait until every partition answers an offset lookup: an
	 * idempotent producer that writes the instant a new topic has its leader can lose its
	 * first batch (KAFKA-15591).
	 */
	void create(String topic) throws Exception {
		this.admin.createTopics(List.of(new NewTopic(topic, this.partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			try {
				endOffsets(topic);
				return;
			}
			catch (ExecutionException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Topic " + topic + " did not become ready", ex);
				}
				Thread.sleep(50);
			}
		}
	}

	/** The number of records in a topic (the sum of its partitions' end offsets). */
	long count(String topic) throws Exception {
		return endOffsets(topic).values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
	}

	/**
	 * The bytes the topic's partitions hold in the broker's log: record batches as the
	 * producer compressed and sent them, batch headers included.
	 */
	long logBytes(String topic) throws Exception {
		List<Integer> brokers = this.admin.describeCluster()
			.nodes()
			.get(10, TimeUnit.SECONDS)
			.stream()
			.map(Node::id)
			.toList();
		long total = 0;
		for (Map<String, LogDirDescription> dirs : this.admin.describeLogDirs(brokers)
			.allDescriptions()
			.get(10, TimeUnit.SECONDS)
			.values()) {
			for (LogDirDescription dir : dirs.values()) {
				for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
					if (replica.getKey().topic().equals(topic)) {
						total += replica.getValue().size();
					}
				}
			}
		}
		return total;
	}

	void delete(String topic) throws Exception {
		this.admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
	}

	private Map<TopicPartition, ListOffsetsResultInfo> endOffsets(String topic) throws Exception {
		Map<TopicPartition, OffsetSpec> request = IntStream.range(0, this.partitions)
			.mapToObj((partition) -> new TopicPartition(topic, partition))
			.collect(Collectors.toMap(Function.identity(), (partition) -> OffsetSpec.latest()));
		return this.admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
