package dev.kafkautils.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot service run in a child JVM from this JVM's test class path, so that a test
 * can kill it the way an orchestrator or a crash does: {@link #kill()} sends SIGKILL (no
 * shutdown hook, no flush, no commit), {@link #terminate()} sends SIGTERM (Spring's
 * graceful shutdown). The service signals readiness through {@link ReadyFile}: the launcher
 * passes a file path and waits until the service has written it.
 * <p>
 * The service's output goes to a log file under {@code target/services/}; failures of
 * {@link #start()} carry its tail.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final Path SERVICES = Paths.get("target", "services");

	private final String name;

	private final List<String> command;

	private final Path readyFile;

	private final Path logFile;

	private final Duration startTimeout;

	private Process process;

	private ServiceProcess(Builder builder) {
		this.name = builder.name;
		this.startTimeout = builder.startTimeout;
		try {
			Files.createDirectories(SERVICES);
			this.readyFile = Files.createTempFile(SERVICES, builder.name + "-", ".ready");
			this.logFile = SERVICES.resolve(builder.name + "-" + System.nanoTime() + ".log").toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(builder.jvmOptions);
		command.add("-D" + ReadyFile.PROPERTY + "=" + this.readyFile.toAbsolutePath());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(builder.mainClass.getName());
		builder.properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		this.command = List.copyOf(command);
	}

	/**
	 * Starts building a service process.
	 * @param mainClass the {@code @SpringBootApplication} class to run
	 * @return the builder
	 */
	public static Builder builder(Class<?> mainClass) {
		return new Builder(mainClass);
	}

	/**
	 * Starts the service and waits until it is ready (its application context refreshed
	 * and started, listeners included).
	 * @return this process
	 */
	public ServiceProcess start() {
		if (this.process != null && this.process.isAlive()) {
			throw new IllegalStateException(this.name + " is already running");
		}
		try {
			Files.deleteIfExists(this.readyFile);
			this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name, ex);
		}
		long deadline = System.nanoTime() + this.startTimeout.toNanos();
		while (!Files.exists(this.readyFile)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " before it was ready. Log tail:\n" + logTail(60));
			}
			if (System.nanoTime() > deadline) {
				kill();
				throw new IllegalStateException(this.name + " was not ready within " + this.startTimeout
						+ ". Log tail:\n" + logTail(60));
			}
			pause();
		}
		return this;
	}

	/** Kills the service with SIGKILL and waits until it is gone. */
	public void kill() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			awaitExit(Duration.ofSeconds(30));
		}
	}

	/**
	 * Stops the service with SIGTERM (its shutdown hooks run: Spring closes the context)
	 * and waits for it to exit.
	 * @param timeout how long to wait for the exit
	 * @return the exit code
	 */
	public int terminate(Duration timeout) {
		if (this.process == null) {
			throw new IllegalStateException(this.name + " was never started");
		}
		this.process.destroy();
		if (!awaitExit(timeout)) {
			throw new IllegalStateException(this.name + " did not exit within " + timeout + " of SIGTERM. Log tail:\n"
					+ logTail(60));
		}
		return this.process.exitValue();
	}

	/** @return whether the service process is running */
	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/** @return the process id of the running (or last) service process */
	public long pid() {
		return this.process.pid();
	}

	/** @return the log file of the service (all its starts) */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * The last lines of the service's log.
	 * @param lines how many lines
	 * @return the lines, joined
	 */
	public String logTail(int lines) {
		try {
			if (!Files.exists(this.logFile)) {
				return "";
			}
			List<String> all = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	@Override
	public void close() {
		kill();
	}

	@Override
	public String toString() {
		return this.name + ((this.process != null) ? " (pid " + this.process.pid() + ")" : "");
	}

	private boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Builds a {@link ServiceProcess}. */
	public static final class Builder {

		private final Class<?> mainClass;

		private String name;

		private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-Xshare:auto"));

		private final Map<String, String> properties = new LinkedHashMap<>();

		private Duration startTimeout = Duration.ofSeconds(90);

		private Builder(Class<?> mainClass) {
			this.mainClass = mainClass;
			this.name = mainClass.getSimpleName();
		}

		/**
		 * @param name the name of the process in logs and messages
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Adds an application property, passed as a {@code --key=value} argument.
		 * @param key the property name
		 * @param value its value
		 * @return this builder
		 */
		public Builder property(String key, Object value) {
			this.properties.put(key, String.valueOf(value));
			return this;
		}

		/**
		 * Adds JVM options (after the defaults: a small serial-GC heap).
		 * @param options the options
		 * @return this builder
		 */
		public Builder jvmOptions(String... options) {
			this.jvmOptions.addAll(List.of(options));
			return this;
		}

		/**
		 * @param startTimeout how long {@link ServiceProcess#start()} waits for readiness
		 * @return this builder
		 */
		public Builder startTimeout(Duration startTimeout) {
			this.startTimeout = startTimeout;
			return this;
		}

		/** @return the process, not yet started */
		public ServiceProcess build() {
			return new ServiceProcess(this);
		}

	}

}
