package dev.kafkautils.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The waits of a cluster until what it started is ready: nodes that have logged their
 * start, nodes the cluster lists as brokers, partitions that answer. They poll through an
 * admin client whose every call is bounded, so that a call to a node not yet up fails and
 * the wait polls again instead of hanging in it.
 */
final class ClusterReadiness {

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final Duration startTimeout;

	/**
	 * @param startTimeout how long nodes may take to start and to register
	 */
	ClusterReadiness(Duration startTimeout) {
		this.startTimeout = startTimeout;
	}

	/**
	 * An admin client for the waits.
	 * @param bootstrapServers the cluster's nodes
	 * @return an admin client with every call bounded; the caller closes it
	 */
	static Admin boundedAdmin(String bootstrapServers) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
	}

	/**
	 * Until every node has logged its start; a node that exits first fails the wait at once.
	 * @param starting the nodes just launched
	 * @throws KafkaNode.PortTakenException if a node exited because a port was taken
	 * @throws IllegalStateException if a node exited otherwise, or is late
	 */
	void awaitStarted(Collection<KafkaNode> starting) {
		try {
			await("Kafka nodes to start").atMost(this.startTimeout)
				.pollInterval(POLL_INTERVAL)
				.until(() -> starting.stream().allMatch(KafkaNode::hasStarted)
						|| starting.stream().anyMatch(KafkaNode::hasFailed));
		}
		catch (ConditionTimeoutException ex) {
			KafkaNode late = starting.stream().filter((node) -> !node.hasStarted()).findFirst().orElseThrow();
			throw new IllegalStateException("Kafka node " + late.id() + " did not start within " + this.startTimeout
					+ ":\n" + late.logTail(), ex);
		}
		for (KafkaNode node : starting) {
			if (node.hasFailed()) {
				throw node.failure();
			}
		}
	}

	/**
	 * Until the cluster lists the nodes as live brokers.
	 * @param bootstrapServers the cluster's nodes
	 * @param registering the nodes to wait for
	 * @throws IllegalStateException if they are late, with the end of their logs
	 */
	void awaitRegistered(String bootstrapServers, Collection<KafkaNode> registering) {
		Set<Integer> ids = registering.stream().map(KafkaNode::id).collect(Collectors.toSet());
		try (Admin admin = boundedAdmin(bootstrapServers)) {
			await("Kafka nodes " + ids + " to register").atMost(this.startTimeout)
				.pollInterval(POLL_INTERVAL)
				.ignoreExceptions()
				.until(() -> admin.describeCluster()
					.nodes()
					.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
					.stream()
					.map(Node::id)
					.collect(Collectors.toSet())
					.containsAll(ids));
		}
		catch (ConditionTimeoutException ex) {
			String logs = registering.stream()
				.map((node) -> "node " + node.id() + ":\n" + node.logTail())
				.collect(Collectors.joining("\n"));
			throw new IllegalStateException("Kafka nodes " + ids + " started but did not register as brokers within "
					+ this.startTimeout + ":\n" + logs, ex);
		}
	}

	/**
	 * Until each partition of the topics answers an offset lookup.
	 * @param admin a {@link #boundedAdmin(String) bounded} admin client
	 * @param partitions partitions of each topic
	 * @param topics the topic names
	 * @param timeout how long they may take
	 */
	static void awaitOffsets(Admin admin, int partitions, String[] topics, Duration timeout) {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (String topic : topics) {
			for (int partition = 0; partition < partitions; partition++) {
				latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
			}
		}
		await("offsets of " + Arrays.toString(topics)).atMost(timeout)
			.pollInterval(POLL_INTERVAL)
			.ignoreExceptions()
			.until(() -> admin.listOffsets(latest).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS) != null);
	}

}
