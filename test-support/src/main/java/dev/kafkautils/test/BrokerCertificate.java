package dev.kafkautils.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed TLS certificate for the {@code SSL} listener of a test cluster
 * ({@link KafkaClusterBuilder#sslListener(BrokerCertificate)}), valid for
 * {@code 127.0.0.1} and {@code localhost}, with the key store the brokers serve it from
 * and a trust store that clients trust it with. Both are PKCS12 files protected by one
 * random password.
 * <p>
 * The files are made with the JDK's own {@code keytool}, run as a process: no library is
 * needed for a certificate that lives as long as a test run, and the JDK's classes that
 * write certificates are not public API.
 *
 * <pre class="code">
 * BrokerCertificate certificate = BrokerCertificate.selfSigned(directory);
 * // spring.kafka.security.protocol=SSL
 * // spring.kafka.ssl.trust-store-location=file:${certificate.trustStore()}
 * // spring.kafka.ssl.trust-store-password=${certificate.password()}
 * // spring.kafka.ssl.trust-store-type=PKCS12
 * </pre>
 */
public final class BrokerCertificate {

	private static final String ALIAS = "kafka-broker";

	private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

	private final Path keyStore;

	private final Path trustStore;

	private final String password;

	private BrokerCertificate(Path keyStore, Path trustStore, String password) {
		this.keyStore = keyStore;
		this.trustStore = trustStore;
		this.password = password;
	}

	/**
	 * Generate a key pair and a self-signed certificate (RSA 2048, valid for two days).
	 * @param directory where to write {@code broker-keystore.p12} and
	 * {@code client-truststore.p12}; created when missing
	 * @return the certificate's files
	 * @throws IllegalStateException if {@code keytool} fails
	 */
	public static BrokerCertificate selfSigned(Path directory) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String password = UUID.randomUUID().toString();
		Path keyStore = directory.resolve("broker-keystore.p12").toAbsolutePath();
		Path certificate = directory.resolve("broker.crt").toAbsolutePath();
		Path trustStore = directory.resolve("client-truststore.p12").toAbsolutePath();
		keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
				"CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", password, "-keypass", password);
		keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass", password,
				"-file", certificate.toString());
		keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(), "-storetype", "PKCS12",
				"-keystore", trustStore.toString(), "-storepass", password);
		return new BrokerCertificate(keyStore, trustStore, password);
	}

	/** The PKCS12 key store with the broker's key and certificate. */
	public Path keyStore() {
		return this.keyStore;
	}

	/** The PKCS12 trust store with the certificate, for clients. */
	public Path trustStore() {
		return this.trustStore;
	}

	/** The password of both stores and of the key. */
	public String password() {
		return this.password;
	}

	private static void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
		// keytool is a short-lived JVM: the client compiler starts it fastest
		command.add("-J-XX:TieredStopAtLevel=1");
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool " + arguments[0] + " did not end within "
						+ KEYTOOL_TIMEOUT_SECONDS + " s");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("keytool " + arguments[0] + " failed with " + process.exitValue()
						+ ": " + new String(output, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run keytool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while keytool ran", ex);
		}
	}

}
