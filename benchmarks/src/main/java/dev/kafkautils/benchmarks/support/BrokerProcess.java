package dev.kafkautils.benchmarks.support;

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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * One real KRaft Kafka node (broker and controller in one process) as a child JVM on
 * this process's classpath, the way {@code kafka-local.sh start1} runs one: free ports, a
 * temporary data directory, storage formatted in this JVM, ready once the log says
 * {@code Kafka Server started}. The process is always ended, by {@link #close()} or by a
 * shutdown hook if this JVM dies first.
 */
public final class BrokerProcess implements AutoCloseable {

	private static final String STARTED = "Kafka Server started";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Path directory;

	private final Process process;

	private final String bootstrapServers;

	private final Thread shutdownHook;

	private BrokerProcess(Path directory, Process process, String bootstrapServers) {
		this.directory = directory;
		this.process = process;
		this.bootstrapServers = bootstrapServers;
		this.shutdownHook = new Thread(this::destroy, "kafka-broker-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Start a broker and wait until it serves.
	 * @param heap the broker's heap, for example {@code 1g}
	 * @return the running broker
	 */
	public static BrokerProcess start(String heap) throws IOException, InterruptedException {
		Path directory = Files.createTempDirectory("kafka-bench-");
		int[] ports = freePorts(2);
		Path properties = directory.resolve("server.properties");
		Files.write(properties, List.of("process.roles=broker,controller", "node.id=1",
				"listeners=PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1],
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[0], "controller.listener.names=CONTROLLER",
				"inter.broker.listener.name=PLAINTEXT",
				"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
				"controller.quorum.voters=1@127.0.0.1:" + ports[1], "log.dirs=" + directory.resolve("data"),
				"offsets.topic.replication.factor=1", "offsets.topic.num.partitions=1",
				"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
				"group.initial.rebalance.delay.ms=0",
				// every topic is created by the harness: a typo fails instead of auto-creating
				"auto.create.topics.enable=false"));
		format(properties);
		Path logbackConfig = directory.resolve("logback.xml");
		Files.writeString(logbackConfig, """
				<configuration>
				  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} %msg%n</pattern></encoder>
				  </appender>
				  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
				  <root level="WARN"><appender-ref ref="OUT"/></root>
				</configuration>
				""");
		Path log = directory.resolve("broker.log");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		// the JVM options of kafka-server-start.sh (G1, 20 ms pause target)
		Process process = new ProcessBuilder(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC",
				"-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
				"-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
				"-Dlogback.configurationFile=" + logbackConfig, "-cp", System.getProperty("java.class.path"),
				"kafka.Kafka", properties.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		BrokerProcess broker = new BrokerProcess(directory, process, "127.0.0.1:" + ports[0]);
		try {
			awaitStarted(process, log);
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			broker.close();
			throw ex;
		}
		return broker;
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	/** The broker's process id, to read its CPU time from outside. */
	public long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		destroy();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook is running already
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGTERM first (a single node stops in about 2 s), then forcibly. */
	private synchronized void destroy() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** Kafka's storage tool only writes files: running it here saves a JVM start. */
	private static void format(Path properties) {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int status = StorageTool.execute(
				new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString() },
				new PrintStream(output, true, StandardCharsets.UTF_8));
		if (status != 0) {
			throw new IllegalStateException(
					"Formatting storage for " + properties + " failed: " + output.toString(StandardCharsets.UTF_8));
		}
	}

	private static void awaitStarted(Process process, Path log) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.readString(log).contains(STARTED)) {
				return;
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("The broker exited with " + process.exitValue() + ":\n" + tail(log));
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("The broker did not start within " + START_TIMEOUT + ":\n" + tail(log));
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
