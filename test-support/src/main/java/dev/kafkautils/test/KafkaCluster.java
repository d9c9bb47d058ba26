package dev.kafkautils.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.security.auth.SecurityProtocol;

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

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

	private final ClusterNodes nodes;

	private final Thread shutdownHook;

	private volatile boolean closed;

	private KafkaCluster(ClusterNodes nodes) {
		this.nodes = nodes;
		this.shutdownHook = new Thread(nodes::killAll, "kafka-cluster-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** Settings for a cluster, to {@link KafkaClusterBuilder#start() start} it with. */
	public static KafkaClusterBuilder builder() {
		return new KafkaClusterBuilder();
	}

	/** Start a cluster in a new temporary directory; see {@link KafkaClusterBuilder#start()}. */
	static KafkaCluster start(ClusterSettings settings) {
		KafkaCluster cluster = new KafkaCluster(ClusterNodes.inTemporaryDirectory(settings));
		try {
			cluster.nodes.start();
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
		return cluster;
	}

	/**
	 * The address of every node, for {@code bootstrap.servers}.
	 * @return {@code 127.0.0.1:port} of each node, comma-separated
	 */
	public String bootstrapServers() {
		assertOpen();
		return this.nodes.bootstrapServers();
	}

	/**
	 * The address of every node's listener for a protocol, for {@code bootstrap.servers}.
	 * @param protocol {@code PLAINTEXT}, or a secured listener the cluster was built with
	 * ({@link KafkaClusterBuilder#saslListener(String)},
	 * {@link KafkaClusterBuilder#sslListener(BrokerCertificate)})
	 * @return {@code 127.0.0.1:port} of each node's listener, comma-separated
	 * @throws IllegalArgumentException if the cluster has no such listener
	 */
	public String bootstrapServers(SecurityProtocol protocol) {
		assertOpen();
		return this.nodes.bootstrapServers(protocol);
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

	/** A reader of the cluster's topics, for assertions. */
	public TopicRecords records() {
		return TopicRecords.of(bootstrapServers());
	}

	/** An admin client on the cluster, with Kafka's default settings; the caller closes it. */
	public Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
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
		try (Admin admin = ClusterReadiness.boundedAdmin(bootstrapServers())) {
			List<NewTopic> newTopics = Arrays.stream(topics)
				.map((name) -> new NewTopic(name, partitions, replicationFactor))
				.toList();
			admin.createTopics(newTopics).all().get(TOPIC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			ClusterReadiness.awaitOffsets(admin, partitions, topics, TOPIC_TIMEOUT);
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
	 * until the cluster has it back as a broker. After a kill, the controllers take the node
	 * back once its old session has expired ({@code broker.session.timeout.ms}, 9 seconds
	 * by default), in a one-node cluster too: its controller restarts with it and gives the
	 * old registration a whole session.
	 * @param node the node, from 1
	 * @throws IllegalStateException if it is running, or did not start in time
	 */
	public void restart(int node) {
		this.nodes.restart(node(node));
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
		this.nodes.killAll();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook is running already
		}
		this.nodes.deleteDirectory();
	}

	@Override
	public String toString() {
		return "KafkaCluster[" + (this.closed ? "closed" : bootstrapServers()) + "]";
	}

	private KafkaNode node(int node) {
		assertOpen();
		return this.nodes.get(node);
	}

	private void assertOpen() {
		if (this.closed) {
			throw new IllegalStateException("The Kafka cluster is closed");
		}
	}

}
