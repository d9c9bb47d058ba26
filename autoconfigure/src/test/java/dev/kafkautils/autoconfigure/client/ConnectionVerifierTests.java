package dev.kafkautils.autoconfigure.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up against an unreachable cluster fails within the configured time and says why.
 */
class ConnectionVerifierTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void reachableClusterStartsNormally() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ConnectionVerifier.class));
	}

	@Test
	void unreachableClusterFailsStartupWithinTheTimeout() throws IOException {
		String address = "127.0.0.1:" + closedPort();
		long start = System.nanoTime();
		this.runner
			.withPropertyValues("spring.kafka.bootstrap-servers=" + address, "kafka.utils.client.verify-timeout=2s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
				FailureAnalysis analysis = new KafkaUnreachableFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(address)
					.contains("spring.kafka.bootstrap-servers")
					.contains("PT2S");
				assertThat(analysis.getAction()).contains("kafka.utils.client.verify-connection=false");
			});
	}

	@Test
	void checkCanBeSwitchedOff() throws IOException {
		this.runner
			.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort(),
					"kafka.utils.client.verify-connection=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ConnectionVerifier.class));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
