package dev.kafkautils.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.jspecify.annotations.Nullable;

/**
 * One combined broker and controller: its ports, its directory (configuration, log and
 * data, kept across restarts) and its current process.
 */
final class KafkaNode {

	/** What {@code kafka.server.KafkaRaftServer} logs once the node serves. */
	static final String STARTED = "Kafka Server started";

	static final String ADDRESS_IN_USE = "Address already in use";

	private static final int TAIL_LINES = 40;

	private final int id;

	private final int brokerPort;

	private final int controllerPort;

	private final Map<SecurityProtocol, Integer> securedPorts;

	private final Path directory;

	private final NodeLog log;

	private @Nullable Process process;

	private long startMark;

	KafkaNode(int id, int brokerPort, int controllerPort, Path directory) {
		this(id, brokerPort, controllerPort, Map.of(), directory);
	}

	/**
	 * @param securedPorts the ports of the node's secured client listeners, each named
	 * after its protocol
	 */
	KafkaNode(int id, int brokerPort, int controllerPort, Map<SecurityProtocol, Integer> securedPorts,
			Path directory) {
		this.id = id;
		this.brokerPort = brokerPort;
		this.controllerPort = controllerPort;
		this.securedPorts = Map.copyOf(securedPorts);
		this.directory = directory;
		this.log = new NodeLog(directory.resolve("node.log"));
	}

	int id() {
		return this.id;
	}

	int brokerPort() {
		return this.brokerPort;
	}

	int controllerPort() {
		return this.controllerPort;
	}

	String address() {
		return "127.0.0.1:" + this.brokerPort;
	}

	/**
	 * @param protocol the protocol of a listener the cluster was built with
	 * @return {@code 127.0.0.1:port} of that listener
	 */
	String address(SecurityProtocol protocol) {
		if (protocol == SecurityProtocol.PLAINTEXT) {
			return address();
		}
		Integer port = this.securedPorts.get(protocol);
		if (port == null) {
			throw new IllegalArgumentException("Kafka node " + this.id + " has no " + protocol
					+ " listener: add one with KafkaClusterBuilder.saslListener or sslListener");
		}
		return "127.0.0.1:" + port;
	}

	/** The secured client listeners' ports, by protocol. */
	Map<SecurityProtocol, Integer> securedPorts() {
		return this.securedPorts;
	}

	/** Configuration, log and data of the node. */
	Path directory() {
		return this.directory;
	}

	Path dataDirectory() {
		return this.directory.resolve("data");
	}

	/** The node's {@code server.properties}, written by {@link NodeConfiguration}. */
	Path configurationFile() {
		return this.directory.resolve("server.properties");
	}

	NodeLog log() {
		return this.log;
	}

	/**
	 * Start the node's process; its output is appended to the node's log.
	 * @param jvm the java command and its options, up to the class path
	 */
	synchronized void launch(List<String> jvm) {
		if (isRunning()) {
			throw new IllegalStateException("Kafka node " + this.id + " is running already");
		}
		List<String> command = new ArrayList<>(jvm);
		command.addAll(List.of("kafka.Kafka", configurationFile().toString()));
		this.startMark = this.log.mark();
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.file().toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start Kafka node " + this.id, ex);
		}
	}

	synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** Whether the current process has logged its start. */
	boolean hasStarted() {
		return this.log.containsSince(this.startMark, STARTED);
	}

	/** Whether the current process has ended before it served. */
	synchronized boolean hasFailed() {
		return this.process != null && !this.process.isAlive() && !hasStarted();
	}

	/**
	 * Why the current process ended before it served.
	 * @return the failure, a {@link PortTakenException} if a port was taken
	 */
	synchronized RuntimeException failure() {
		String message = "Kafka node " + this.id + " exited with "
				+ ((this.process != null) ? this.process.exitValue() : "no process") + ":\n" + logTail();
		if (this.log.containsSince(this.startMark, ADDRESS_IN_USE)) {
			return new PortTakenException(message);
		}
		return new IllegalStateException(message);
	}

	String logTail() {
		return this.log.tail(TAIL_LINES);
	}

	synchronized long pid() {
		if (this.process == null) {
			throw new IllegalStateException("Kafka node " + this.id + " has not been started");
		}
		return this.process.pid();
	}

	/** SIGKILL: no shutdown at all, what the node wrote to its files stays. */
	synchronized void kill() {
		signalKill();
		awaitExit(Duration.ofSeconds(30));
	}

	/** SIGKILL without waiting for the process to end. */
	synchronized void signalKill() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
	}

	/**
	 * SIGTERM, and wait for the node's controlled shutdown to end.
	 * @param timeout how long the shutdown may take before the node is killed
	 * @throws IllegalStateException if it took longer
	 */
	synchronized void stop(Duration timeout) {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		if (!awaitExit(timeout)) {
			kill();
			throw new IllegalStateException(
					"Kafka node " + this.id + " did not stop within " + timeout + " and was killed:\n" + logTail());
		}
	}

	private boolean awaitExit(Duration timeout) {
		try {
			return this.process == null || this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** A node could not bind a listener port: another process took it first. */
	static final class PortTakenException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		PortTakenException(String message) {
			super(message);
		}

	}

}
