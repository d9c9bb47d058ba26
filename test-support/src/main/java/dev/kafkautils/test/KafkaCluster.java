package dev.kafkautils.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Real Kafka for tests: one node or a KRaft cluster of several, each node a child JVM
 * ({@code java -cp <this JVM's class path> kafka.Kafka server.properties}) that is broker
 * and controller at once, started from the Kafka jars on the test classpath. No Docker and
 * no Kafka installation: {@code kafka_2.13} from Maven Central is the broker.
 *
 * <pre class="code">
 * try (KafkaCluster cluster = KafkaCluster.builder().nodes(3).start()) {
 *     String bootstrapServers = cluster.bootstrapServers();
 *     cluster.kill(2);       // SIGKILL; the node's data stays
 *     cluster.restart(2);    // same ports, same data; returns once the cluster has it back
 * }
 * </pre>
 *
 * Nodes listen on free loopback ports and keep configuration, data and log in a temporary
 * directory, deleted by {@link #close()}. Nodes are numbered from 1 (their
 * {@code node.id}). {@link #close()} kills them; so does a shutdown hook if the JVM ends
 * first. In JUnit tests, {@link KafkaBrokers @KafkaBrokers} or
 * {@link KafkaBrokersExtension} does the starting and closing.
 */
public final class KafkaCluster implements AutoCloseable {

	/** A cluster whose node lost a port race is started again on new ports, this often at most. */
	private static final int START_ATTEMPTS = 3;

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	/** Settings that identify a node and its listeners: the cluster sets them, never the caller. */
	private static final Set<String> OWN_PROPERTIES = Set.of("process.roles", "node.id", "listeners",
			"advertised.listeners", "controller.listener.names", "inter.broker.listener.name",
			"listener.security.protocol.map", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
			"log.dirs", "log.dir");

	private final Builder settings;

	private final Path directory;

	private final List<KafkaNode> nodes = new ArrayList<>();

	private final Thread shutdownHook = new Thread(this::killAll, "kafka-cluster-shutdown");

	private volatile boolean closed;

	private KafkaCluster(Builder settings, Path directory) {
		this.settings = settings;
		this.directory = directory;
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** Settings for a cluster, to {@link Builder#start() start} it with. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The address of every node, for {@code bootstrap.servers}.
	 * @return {@code 127.0.0.1:port} of each node, comma-separated
	 */
	public String bootstrapServers() {
		assertOpen();
		return this.nodes.stream().map(KafkaNode::address).collect(Collectors.joining(","));
	}

	/**
	 * The broker address of one node.
	 * @param node the node, from 1
	 * @return {@code 127.0.0.1:port}
	 */
	public String address(int node) {
		return node(node).address();
	}

	/** How many nodes the cluster has, running or not. */
	public int size() {
		return this.nodes.size();
	}

	/** An admin client on the cluster, with Kafka's default settings; the caller closes it. */
	public Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	/** An admin client for the cluster's own waits: every call bounded, so that a wait can poll again. */
	private Admin boundedAdmin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
	}

	/**
	 * Create topics, replicated to every node (three at most), and wait until each
	 * partition answers an offset lookup: an idempotent producer that sends the instant a
	 * new topic has a leader can lose its first batch (KAFKA-15591).
	 * @param partitions partitions of each topic
	 * @param topics the topic names
	 */
	public void createTopics(int partitions, String... topics) {
		short replicationFactor = (short) Math.min(3, size());
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (String topic : topics) {
			for (int partition = 0; partition < partitions; partition++) {
				latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
			}
		}
		try (Admin admin = boundedAdmin()) {
			List<NewTopic> newTopics = Arrays.stream(topics)
				.map((name) -> new NewTopic(name, partitions, replicationFactor))
				.toList();
			admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
			await("offsets of " + Arrays.toString(topics)).atMost(Duration.ofSeconds(30))
				.pollInterval(POLL_INTERVAL)
				.ignoreExceptions()
				.until(() -> admin.listOffsets(latest).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS) != null);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create topics " + Arrays.toString(topics), ex);
		}
	}

	/**
	 * Kill a node (SIGKILL): no shutdown, no leadership hand-over. Its data stays for
	 * {@link #restart(int)}; the other nodes, and the test, carry on without it.
	 * @param node the node, from 1
	 */
	public void kill(int node) {
		node(node).kill();
	}

	/**
	 * Stop a node gracefully (SIGTERM, Kafka's controlled shutdown) and wait until its
	 * process has ended. Its data stays for {@link #restart(int)}.
	 * @param node the node, from 1
	 * @throws IllegalStateException if it did not stop within a minute (it is killed then)
	 */
	public void stop(int node) {
		node(node).stop(STOP_TIMEOUT);
	}

	/**
	 * Start a killed or stopped node again, on the same ports and with its data, and wait
	 * until the cluster has it back as a broker. After a kill, the other controllers take a
	 * node of a multi-node cluster back once its old session has expired
	 * ({@code broker.session.timeout.ms}, 9 seconds by default).
	 * @param node the node, from 1
	 * @throws IllegalStateException if it is running, or did not start in time
	 */
	public void restart(int node) {
		KafkaNode restarted = node(node);
		restarted.launch(jvmCommand());
		try {
			awaitStarted(List.of(restarted));
		}
		catch (KafkaNode.PortTakenException ex) {
			throw new IllegalStateException("A port of Kafka node " + node + " was taken while the node was down: "
					+ ex.getMessage(), ex);
		}
		awaitRegistered(Set.of(node));
	}

	/**
	 * @param node the node, from 1
	 * @return whether the node's process runs
	 */
	public boolean isRunning(int node) {
		return node(node).isRunning();
	}

	/**
	 * The process id of a node's current (or last) process, to read its CPU time, say.
	 * @param node the node, from 1
	 * @return the pid
	 */
	public long pid(int node) {
		return node(node).pid();
	}

	/**
	 * The file a node logs to, across its restarts: warnings, errors and its start.
	 * @param node the node, from 1
	 * @return the log file, deleted by {@link #close()}
	 */
	public Path logFile(int node) {
		return node(node).log().file();
	}

	/**
	 * The end of a node's log, for a failure message.
	 * @param node the node, from 1
	 * @return the last 40 lines
	 */
	public String logTail(int node) {
		return node(node).logTail();
	}

	/** Kill every node and delete the cluster's directory. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		// killed, not stopped: the data is thrown away, and stopping every node of a cluster
		// at once takes about ten seconds longer than killing them
		killAll();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook is running already
		}
		deleteRecursively(this.directory);
	}

	@Override
	public String toString() {
		return "KafkaCluster[" + (this.closed ? "closed" : bootstrapServers()) + "]";
	}

	private void start() {
		for (int attempt = 1;; attempt++) {
			try (ReservedPorts ports = this.settings.portReservation.apply(2 * this.settings.nodes)) {
				createNodes(ports);
				List<String> jvm = jvmCommand();
				// held until now, free until the nodes bind them; a node that loses the race
				// exits, and the loop starts the cluster again on new ports (see ReservedPorts)
				ports.close();
				this.nodes.forEach((node) -> node.launch(jvm));
				awaitStarted(this.nodes);
				awaitRegistered(this.nodes.stream().map(KafkaNode::id).collect(Collectors.toSet()));
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

	/** Nodes 1..n, each with a broker and a controller port, configured and formatted. */
	private void createNodes(ReservedPorts ports) {
		int size = this.settings.nodes;
		for (int id = 1; id <= size; id++) {
			int first = 2 * (id - 1);
			this.nodes.add(new KafkaNode(id, ports.port(first), ports.port(first + 1),
					this.directory.resolve("node-" + id)));
		}
		String voters = this.nodes.stream()
			.map((node) -> node.id() + "@127.0.0.1:" + node.controllerPort())
			.collect(Collectors.joining(","));
		String clusterId = Uuid.randomUuid().toString();
		for (KafkaNode node : this.nodes) {
			node.configure(serverProperties(node, voters), clusterId);
		}
	}

	private Map<String, String> serverProperties(KafkaNode node, String voters) {
		int size = this.settings.nodes;
		String minIsr = String.valueOf(Math.min(2, size));
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", String.valueOf(node.id()));
		properties.put("listeners",
				"PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
		properties.put("advertised.listeners", "PLAINTEXT://" + node.address());
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
		properties.put("controller.quorum.voters", voters);
		properties.put("log.dirs", node.dataDirectory().toString());
		// internal topics on every node, and as many partitions as nodes for the offsets
		properties.put("offsets.topic.replication.factor", String.valueOf(size));
		properties.put("offsets.topic.num.partitions", String.valueOf(size));
		properties.put("transaction.state.log.replication.factor", String.valueOf(size));
		properties.put("transaction.state.log.min.isr", minIsr);
		properties.put("share.coordinator.state.topic.replication.factor", String.valueOf(size));
		properties.put("share.coordinator.state.topic.min.isr", minIsr);
		properties.put("group.initial.rebalance.delay.ms", "0");
		// a test creates its topics: a misspelt name fails instead of creating a topic
		properties.put("auto.create.topics.enable", "false");
		// test traffic is light, and a few nodes share a couple of cores
		properties.put("num.network.threads", "2");
		properties.put("num.io.threads", "2");
		properties.putAll(this.settings.brokerProperties);
		return properties;
	}

	private List<String> jvmCommand() {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xms" + this.settings.heap);
		command.add("-Xmx" + this.settings.heap);
		command.addAll(this.settings.jvmOptions);
		command.add("-Djava.awt.headless=true");
		command.addAll(BrokerLogging.jvmOptions());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		return command;
	}

	/** Until every node has logged its start; a node that exits first fails the wait at once. */
	private void awaitStarted(Collection<KafkaNode> starting) {
		try {
			await("Kafka nodes to start").atMost(this.settings.startTimeout)
				.pollInterval(POLL_INTERVAL)
				.until(() -> starting.stream().allMatch(KafkaNode::hasStarted)
						|| starting.stream().anyMatch(KafkaNode::hasFailed));
		}
		catch (ConditionTimeoutException ex) {
			KafkaNode late = starting.stream().filter((node) -> !node.hasStarted()).findFirst().orElseThrow();
			throw new IllegalStateException("Kafka node " + late.id() + " did not start within "
					+ this.settings.startTimeout + ":\n" + late.logTail(), ex);
		}
		for (KafkaNode node : starting) {
			if (node.hasFailed()) {
				throw node.failure();
			}
		}
	}

	/** Until the cluster lists the nodes as live brokers. */
	private void awaitRegistered(Set<Integer> ids) {
		try (Admin admin = boundedAdmin()) {
			await("Kafka nodes " + ids + " to register").atMost(this.settings.startTimeout)
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
			String logs = ids.stream()
				.map((id) -> "node " + id + ":\n" + node(id).logTail())
				.collect(Collectors.joining("\n"));
			throw new IllegalStateException("Kafka nodes " + ids + " started but did not register as brokers within "
					+ this.settings.startTimeout + ":\n" + logs, ex);
		}
	}

	private KafkaNode node(int node) {
		assertOpen();
		if (node < 1 || node > this.nodes.size()) {
			throw new IllegalArgumentException("No node " + node + ": the nodes are 1 to " + this.nodes.size());
		}
		return this.nodes.get(node - 1);
	}

	private void assertOpen() {
		if (this.closed) {
			throw new IllegalStateException("The Kafka cluster is closed");
		}
	}

	private void killAll() {
		// SIGKILL to all first, then wait: the nodes end in parallel
		List<KafkaNode> all = List.copyOf(this.nodes);
		all.forEach(KafkaNode::signalKill);
		all.forEach(KafkaNode::kill);
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

	/**
	 * Settings of a {@link KafkaCluster}. The defaults suit tests on a small machine: one
	 * node, 384 MB of heap, the serial collector and the client compiler (a fast start, little
	 * CPU), two network and two I/O threads.
	 */
	public static final class Builder {

		private int nodes = 1;

		private String heap = "384m";

		private List<String> jvmOptions = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

		private final Map<String, String> brokerProperties = new LinkedHashMap<>();

		private Duration startTimeout = Duration.ofSeconds(90);

		private IntFunction<ReservedPorts> portReservation = ReservedPorts::reserve;

		private Builder() {
		}

		/**
		 * How many nodes, each a broker and a KRaft controller (voter). Internal topics are
		 * replicated to all of them, with a minimum in-sync replica count of 2 from two nodes.
		 * @param nodes 1 or more; 3 keeps a quorum and {@code min.insync.replicas=2} with one
		 * node down
		 * @return this builder
		 */
		public Builder nodes(int nodes) {
			if (nodes < 1) {
				throw new IllegalArgumentException("A cluster needs at least one node, not " + nodes);
			}
			this.nodes = nodes;
			return this;
		}

		/**
		 * The heap of each node ({@code -Xms} and {@code -Xmx}).
		 * @param heap a JVM size, for example {@code 512m} or {@code 1g}
		 * @return this builder
		 */
		public Builder heap(String heap) {
			this.heap = heap;
			return this;
		}

		/**
		 * JVM options of each node, instead of the defaults ({@code -XX:+UseSerialGC
		 * -XX:TieredStopAtLevel=1}); the heap is set by {@link #heap(String)}.
		 * @param options JVM options, for example Kafka's own
		 * {@code -XX:+UseG1GC -XX:MaxGCPauseMillis=20} for measurements
		 * @return this builder
		 */
		public Builder jvmOptions(String... options) {
			this.jvmOptions = List.of(options);
			return this;
		}

		/**
		 * A broker setting of every node, over the cluster's defaults: for example
		 * {@code min.insync.replicas}, {@code default.replication.factor},
		 * {@code num.partitions} or {@code auto.create.topics.enable}.
		 * @param key a Kafka server property; not one of the node's identity, listeners,
		 * quorum or log directories, which the cluster sets
		 * @param value its value
		 * @return this builder
		 */
		public Builder brokerProperty(String key, String value) {
			if (OWN_PROPERTIES.contains(key)) {
				throw new IllegalArgumentException(key + " is set by KafkaCluster for each node");
			}
			this.brokerProperties.put(key, value);
			return this;
		}

		/**
		 * How long the nodes may take to start and join the cluster.
		 * @param timeout 90 seconds unless set
		 * @return this builder
		 */
		public Builder startTimeout(Duration timeout) {
			this.startTimeout = timeout;
			return this;
		}

		/** Where the ports come from; tests of the port race replace it. */
		Builder portReservation(IntFunction<ReservedPorts> portReservation) {
			this.portReservation = portReservation;
			return this;
		}

		/**
		 * Start the nodes and wait until each serves and is registered.
		 * @return the running cluster; close it
		 * @throws IllegalStateException if a node does not start, with the end of its log
		 */
		public KafkaCluster start() {
			Path directory;
			try {
				directory = Files.createTempDirectory("kafka-cluster-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			KafkaCluster cluster = new KafkaCluster(copy(), directory);
			try {
				cluster.start();
			}
			catch (RuntimeException ex) {
				cluster.close();
				throw ex;
			}
			return cluster;
		}

		/** A snapshot, so that changing the builder later leaves a running cluster alone. */
		private Builder copy() {
			Builder copy = new Builder();
			copy.nodes = this.nodes;
			copy.heap = this.heap;
			copy.jvmOptions = this.jvmOptions;
			copy.brokerProperties.putAll(this.brokerProperties);
			copy.startTimeout = this.startTimeout;
			copy.portReservation = this.portReservation;
			return copy;
		}

	}

}
