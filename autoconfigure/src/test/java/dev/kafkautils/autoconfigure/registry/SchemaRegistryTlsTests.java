package dev.kafkautils.autoconfigure.registry;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS through a Spring Boot SSL bundle, against an in-process HTTPS server with a
 * self-signed certificate made by the JDK's keytool: trusted through the bundle, refused
 * without it.
 */
class SchemaRegistryTlsTests {

	private static final String PASSWORD = "changeit";

	private static Path directory;

	private static HttpsServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SchemaRegistryAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("kafka.utils.schema-registry.url=https://127.0.0.1:" + server.getAddress().getPort(),
				"kafka.utils.schema-registry.startup-timeout=15s");

	@BeforeAll
	static void start() throws Exception {
		directory = Files.createDirectories(Path.of("target", "registry-tls")).toAbsolutePath();
		Path keyStore = directory.resolve("server.p12");
		Files.deleteIfExists(keyStore);
		keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
				"-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", directory.resolve("server.pem").toString());
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, PASSWORD.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(context));
		server.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getPath();
			byte[] body = (path.equals("/config") ? "{\"compatibilityLevel\":\"BACKWARD\"}"
					: "{\"schema\":\"over tls\",\"schemaType\":\"PROTOBUF\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	@Test
	void aRegistryTrustedThroughTheBundleAnswers() {
		this.runner
			.withPropertyValues("kafka.utils.schema-registry.ssl-bundle=registry",
					"spring.ssl.bundle.pem.registry.truststore.certificate=file:" + directory.resolve("server.pem"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SchemaRegistryClient.class).schemaById(1).schema()).isEqualTo("over tls");
			});
	}

	@Test
	void withoutTheBundleTheCertificateIsRefused() {
		this.runner.withPropertyValues("kafka.utils.schema-registry.startup-timeout=3s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("SchemaRegistryUnreachableException")
				.hasStackTraceContaining("SSLHandshakeException");
		});
	}

	private static void keytool(String... arguments) throws Exception {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("keytool.log").toFile())
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
	}

}
