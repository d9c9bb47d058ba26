package dev.kafkautils.autoconfigure.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka cluster of N combined broker+controller KRaft nodes, each a child JVM
 * ({@code kafka.Kafka}) on the test classpath, for tests that need more than the shared
 * single embedded broker (replication, min.insync.replicas). Register it once per test
 * class:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final KafkaClusterProcesses cluster = new KafkaClusterProcesses(3);
 * </pre>
 *
 * Ports are free ports, data lives in a temporary directory, and the processes are
 * always ended: after the test class, and by a shutdown hook if the test JVM dies first.
 * Each node's log is kept in {@code node-N.log} in that directory while the cluster
 * runs; a node that fails to start has its log tail in the exception.
 */
public final class KafkaClusterProcesses implements BeforeAllCallback, AfterAllCallback {

	private static final String STARTED = "Kafka Server started";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final int size;

	private final List<Process> processes = new ArrayList<>();

	private final Thread shutdownHook = new Thread(this::destroyProcesses, "kafka-cluster-processes-shutdown");

	private Path directory;

	private String bootstrapServers;

	public KafkaClusterProcesses(int size) {
		this.size = size;
	}

	/** The bootstrap servers of the running cluster. */
	public String bootstrapServers() {
		if (this.bootstrapServers == null) {
			throw new IllegalStateException("The cluster is not running");
		}
		return this.bootstrapServers;
	}

	/** An admin client on the cluster; the caller closes it. */
	public Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	public void start() throws IOException, InterruptedException {
		this.directory = Files.createTempDirectory("kafka-cluster-");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		int[] ports = freePorts(2 * this.size);
		String voters = IntStream.rangeClosed(1, this.size)
			.mapToObj((node) -> node + "@127.0.0.1:" + ports[this.size + node - 1])
			.collect(Collectors.joining(","));
		Path logbackConfig = writeLogbackConfig();
		String clusterId = Uuid.randomUuid().toString();
		List<Path> logs = new ArrayList<>();
		for (int node = 1; node <= this.size; node++) {
			Path properties = writeServerProperties(node, ports[node - 1], ports[this.size + node - 1], voters);
			format(clusterId, properties);
			logs.add(launch(node, properties, logbackConfig));
		}
		for (int node = 1; node <= this.size; node++) {
			awaitStarted(node, this.processes.get(node - 1), logs.get(node - 1));
		}
		this.bootstrapServers = IntStream.range(0, this.size)
			.mapToObj((index) -> "127.0.0.1:" + ports[index])
			.collect(Collectors.joining(","));
		awaitBrokersRegistered();
	}

	public void stop() {
		destroyProcesses();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook is running already
		}
		this.bootstrapServers = null;
		deleteDirectory();
	}

	/**
	 * Kill one node and keep its data: the others, and the test, carry on without it.
	 * @param node the node number, from 1
	 */
	public synchronized void stopNode(int node) throws InterruptedException {
		Process process = this.processes.get(node - 1);
		process.destroyForcibly();
		process.waitFor(10, TimeUnit.SECONDS);
	}

	private Path writeServerProperties(int node, int brokerPort, int controllerPort, String voters)
			throws IOException {
		int minIsr = Math.min(2, this.size);
		List<String> lines = List.of("process.roles=broker,controller", "node.id=" + node,
				"listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort, "controller.listener.names=CONTROLLER",
				"inter.broker.listener.name=PLAINTEXT",
				"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
				"controller.quorum.voters=" + voters, "log.dirs=" + this.directory.resolve("data-" + node),
				"offsets.topic.replication.factor=" + this.size, "offsets.topic.num.partitions=3",
				"transaction.state.log.replication.factor=" + this.size, "transaction.state.log.min.isr=" + minIsr,
				"share.coordinator.state.topic.replication.factor=" + this.size,
				"share.coordinator.state.topic.min.isr=" + minIsr, "group.initial.rebalance.delay.ms=0",
				"auto.create.topics.enable=false", "num.network.threads=2", "num.io.threads=2");
		Path file = this.directory.resolve("node-" + node + ".properties");
		Files.write(file, lines);
		return file;
	}

	/** Kafka's storage tool, run in this JVM (it only writes files), saves a JVM start per node. */
	private static void format(String clusterId, Path properties) {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int status = StorageTool.execute(new String[] { "format", "-t", clusterId, "-c", properties.toString() },
				new PrintStream(output, true, StandardCharsets.UTF_8));
		if (status != 0) {
			throw new IllegalStateException("Formatting storage for " + properties + " failed: "
					+ output.toString(StandardCharsets.UTF_8));
		}
	}

	private Path launch(int node, Path properties, Path logbackConfig) throws IOException {
		Path log = this.directory.resolve("node-" + node + ".log");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-Dlogback.configurationFile=" + logbackConfig,
				"-cp", System.getProperty("java.class.path"), "kafka.Kafka", properties.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		this.processes.add(builder.start());
		return log;
	}

	private static void awaitStarted(int node, Process process, Path log) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.readString(log).contains(STARTED)) {
				return;
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("Kafka node " + node + " exited with " + process.exitValue() + ":\n"
						+ tail(log));
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("Kafka node " + node + " did not start within " + START_TIMEOUT + ":\n"
				+ tail(log));
	}

	private void awaitBrokersRegistered() throws InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		try (Admin admin = admin()) {
			while (true) {
				try {
					Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
					if (nodes.size() == this.size) {
						return;
					}
				}
				catch (Exception ex) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The cluster did not answer", ex);
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Not all " + this.size + " brokers registered");
				}
				Thread.sleep(100);
			}
		}
	}

	private Path writeLogbackConfig() throws IOException {
		// only the start message and problems: the test classpath's logback-test.xml would
		// hide the start message, and logback's default would log everything at DEBUG
		String config = """
				<configuration>
				  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} %msg%n</pattern></encoder>
				  </appender>
				  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
				  <root level="WARN"><appender-ref ref="OUT"/></root>
				</configuration>
				""";
		Path file = this.directory.resolve("logback.xml");
		Files.writeString(file, config);
		return file;
	}

	/**
	 * Killed outright: the data is thrown away anyway, and stopping every node gracefully
	 * at once took about ten seconds longer here than killing them.
	 */
	private synchronized void destroyProcesses() {
		this.processes.forEach(Process::destroyForcibly);
		for (Process process : this.processes) {
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.processes.clear();
	}

	private void deleteDirectory() {
		if (this.directory == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int[] freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0));
			}
			return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

}
