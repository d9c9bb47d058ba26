package dev.kafkautils.autoconfigure.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Apicurio fixture itself: the shared instance serves the Confluent API on loopback,
 * and a private instance can be stopped so that its port refuses connections.
 */
class ApicurioRegistryTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void sharedInstanceServesTheConfluentApiAndIsStartedOnce() throws Exception {
		ApicurioRegistry registry = ApicurioRegistry.shared();
		assertThat(ApicurioRegistry.shared()).isSameAs(registry);
		assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7");
		HttpResponse<String> subjects = get(registry.url() + "/subjects");
		assertThat(subjects.statusCode()).isEqualTo(200);
		assertThat(subjects.body()).startsWith("[");
		assertThat(registry.logFile()).exists();
		assertThatIllegalStateException().isThrownBy(registry::close);
		assertThat(registry.isRunning()).isTrue();
	}

	@Test
	void privateInstanceStopsAndItsPortRefusesConnections() throws Exception {
		ApicurioRegistry registry = ApicurioRegistry.startPrivate();
		assertThat(registry.port()).isNotEqualTo(ApicurioRegistry.shared().port());
		assertThat(get(registry.url() + "/subjects").statusCode()).isEqualTo(200);
		registry.close();
		assertThat(registry.isRunning()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> get(registry.url() + "/subjects"));
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
