package dev.kafkautils.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The nodes of one {@link KafkaCluster} and the directory they keep their files in: started
 * together (again on new ports if one loses a port race), restarted one at a time, killed
 * together.
 */
final class ClusterNodes {

	/** A cluster whose node lost a port race is started again on new ports, this often at most. */
	private static final int START_ATTEMPTS = 3;

	private final ClusterSettings settings;

	private final NodeConfiguration configuration;

	private final ClusterReadiness readiness;

	private final Path directory;

	private final List<KafkaNode> nodes = new ArrayList<>();

	private ClusterNodes(ClusterSettings settings, Path directory) {
		this.settings = settings;
		this.configuration = new NodeConfiguration(settings);
		this.readiness = new ClusterReadiness(settings.startTimeout());
		this.directory = directory;
	}

	/**
	 * @param settings the cluster's settings
	 * @return nodes, none started yet, in a new temporary directory
	 */
	static ClusterNodes inTemporaryDirectory(ClusterSettings settings) {
		try {
			return new ClusterNodes(settings, Files.createTempDirectory("kafka-cluster-"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Configure and start every node, and wait until each serves and is registered.
	 * @throws IllegalStateException if a node does not start, or they lost their ports too
	 * often
	 */
	void start() {
		for (int attempt = 1;; attempt++) {
			try (ReservedPorts ports = this.settings.portReservation().apply(this.settings.portsPerNode() * this.settings.nodes())) {
				this.nodes.addAll(this.configuration.createNodes(ports, this.directory));
				List<String> jvm = this.configuration.jvmCommand();
				// held until now, free until the nodes bind them; a node that loses the race
				// exits, and the loop starts the cluster again on new ports (see ReservedPorts)
				ports.close();
				this.nodes.forEach((node) -> node.launch(jvm));
				this.readiness.awaitStarted(this.nodes);
				this.readiness.awaitRegistered(bootstrapServers(), this.nodes);
				return;
			}
			catch (KafkaNode.PortTakenException ex) {
				killAll();
				this.nodes.forEach((node) -> deleteRecursively(node.directory()));
				this.nodes.clear();
				if (attempt == START_ATTEMPTS) {
					throw new IllegalStateException(
							"Kafka nodes lost their ports to other processes " + attempt + " times", ex);
				}
			}
		}
	}

	/**
	 * Start a killed or stopped node again and wait until the cluster has it back.
	 * @param node one of these nodes
	 */
	void restart(KafkaNode node) {
		node.launch(this.configuration.jvmCommand());
		try {
			this.readiness.awaitStarted(List.of(node));
		}
		catch (KafkaNode.PortTakenException ex) {
			throw new IllegalStateException("A port of Kafka node " + node.id() + " was taken while the node was down: "
					+ ex.getMessage(), ex);
		}
		this.readiness.awaitRegistered(bootstrapServers(), List.of(node));
	}

	/**
	 * @param id the node's id, from 1
	 * @return the node
	 * @throws IllegalArgumentException if there is no such node
	 */
	KafkaNode get(int id) {
		if (id < 1 || id > this.nodes.size()) {
			throw new IllegalArgumentException("No node " + id + ": the nodes are 1 to " + this.nodes.size());
		}
		return this.nodes.get(id - 1);
	}

	int size() {
		return this.nodes.size();
	}

	String bootstrapServers() {
		return this.nodes.stream().map(KafkaNode::address).collect(Collectors.joining(","));
	}

	String bootstrapServers(SecurityProtocol protocol) {
		return this.nodes.stream().map((node) -> node.address(protocol)).collect(Collectors.joining(","));
	}

	void killAll() {
		// SIGKILL to all first, then wait: the nodes end in parallel
		List<KafkaNode> all = List.copyOf(this.nodes);
		all.forEach(KafkaNode::signalKill);
		all.forEach(KafkaNode::kill);
	}

	/** Delete the directory of the nodes, with their configuration, data and logs. */
	void deleteDirectory() {
		deleteRecursively(this.directory);
	}

	private static void deleteRecursively(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			paths.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
