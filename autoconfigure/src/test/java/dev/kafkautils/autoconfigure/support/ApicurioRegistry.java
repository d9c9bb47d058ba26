package dev.kafkautils.autoconfigure.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A real schema registry for tests: Apicurio Registry 3.0.9 (in-memory storage) with its
 * Confluent-compatible API, run as a child JVM from the distribution the build unpacks
 * into {@code target/apicurio-registry} (maven-dependency-plugin, see autoconfigure/pom.xml).
 * <p>
 * Tests share one instance per test JVM ({@link #shared()}: started on first use, stopped
 * by a shutdown hook); subjects are global there, so use unique subject names. A test that
 * must stop the registry starts its own with {@link #startPrivate()} and closes it.
 * Each instance logs to {@code target/apicurio-registry-<port>.log}.
 */
public final class ApicurioRegistry implements AutoCloseable {

	private static final String VERSION = "3.0.9";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final Object LOCK = new Object();

	private static volatile ApicurioRegistry shared;

	private final Process process;

	private final int port;

	private final Path logFile;

	private ApicurioRegistry(Process process, int port, Path logFile) {
		this.process = process;
		this.port = port;
		this.logFile = logFile;
	}

	/**
	 * The instance every test of this JVM shares, started on first use (a few seconds) and
	 * stopped when the JVM exits. Never stop it from a test.
	 * @return the shared registry, ready to serve
	 */
	public static ApicurioRegistry shared() {
		ApicurioRegistry registry = shared;
		if (registry == null) {
			synchronized (LOCK) {
				registry = shared;
				if (registry == null) {
					registry = start();
					shared = registry;
				}
			}
		}
		return registry;
	}

	/**
	 * Starts an instance of the caller's own, which it may stop (close) at will; stopped at
	 * the latest when the JVM exits.
	 * @return a new registry, ready to serve
	 */
	public static ApicurioRegistry startPrivate() {
		return start();
	}

	/** @return the Confluent-compatible API's base URL, {@code http://127.0.0.1:P/apis/ccompat/v7} */
	public String url() {
		return "http://127.0.0.1:" + this.port + "/apis/ccompat/v7";
	}

	/** @return the property that points the starter at this registry */
	public String urlProperty() {
		return "kafka.utils.schema-registry.url=" + url();
	}

	/** @return the HTTP port of the registry */
	public int port() {
		return this.port;
	}

	/** @return the file the registry logs to */
	public Path logFile() {
		return this.logFile;
	}

	/** @return whether the registry process is alive */
	public boolean isRunning() {
		return this.process.isAlive();
	}

	/**
	 * Stops the registry and waits until its process has gone, so that its port refuses
	 * connections afterwards. Refused for the shared instance.
	 */
	@Override
	public void close() {
		if (this == shared) {
			throw new IllegalStateException("The shared registry is stopped when the JVM exits, not by a test");
		}
		stop();
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static ApicurioRegistry start() {
		Path home = distribution();
		Path jar = home.resolve("apicurio-registry-app-" + VERSION + "-runner.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Apicurio Registry is not unpacked at " + jar
					+ ": run the build through Maven (generate-test-resources unpacks it)");
		}
		int port = freePort();
		int managementPort = freePort();
		Path logFile = home.resolveSibling("apicurio-registry-" + port + ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-Djava.io.tmpdir=" + home.getParent(), "-Dquarkus.http.host=127.0.0.1",
				"-Dquarkus.http.port=" + port, "-Dquarkus.management.host=127.0.0.1",
				"-Dquarkus.management.port=" + managementPort, "-jar", jar.toString());
		Process process;
		try {
			process = new ProcessBuilder(command).directory(home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(logFile.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start Apicurio Registry: " + command, ex);
		}
		ApicurioRegistry registry = new ApicurioRegistry(process, port, logFile);
		Runtime.getRuntime().addShutdownHook(new Thread(registry::stop, "apicurio-registry-" + port + "-stop"));
		try {
			registry.awaitReady();
		}
		catch (RuntimeException ex) {
			registry.stop();
			throw ex;
		}
		return registry;
	}

	private void awaitReady() {
		URI health = URI.create("http://127.0.0.1:" + this.port + "/health/ready");
		HttpRequest probe = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		try {
			await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("Apicurio Registry exited with " + this.process.exitValue()
							+ " before it was ready; its log:\n" + logTail());
				}
				try {
					return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException(
					"Apicurio Registry was not ready within " + READY_TIMEOUT + "; its log:\n" + logTail(), ex);
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	private static Path distribution() {
		String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
		return Path.of(basedir, "target", "apicurio-registry").toAbsolutePath();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
