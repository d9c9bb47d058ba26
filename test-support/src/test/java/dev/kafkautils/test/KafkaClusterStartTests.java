package dev.kafkautils.test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Starting a cluster directly: failures explain themselves, and a lost port race costs a retry. */
class KafkaClusterStartTests {

	@Test
	void anInvalidSettingFailsTheStartBeforeANodeRuns() {
		assertThatIllegalStateException()
			.isThrownBy(() -> KafkaCluster.builder().brokerProperty("num.io.threads", "none").start())
			.withMessageContaining("Kafka node 1 cannot start")
			.withMessageContaining("num.io.threads");
	}

	@Test
	void aNodeThatExitsFailsTheStartWithTheEndOfItsLog() {
		assertThatIllegalStateException()
			.isThrownBy(() -> KafkaCluster.builder()
				.brokerProperty("authorizer.class.name", "com.example.MissingAuthorizer")
				.start())
			.withMessageContaining("Kafka node 1 exited with 1")
			.withMessageContaining("com.example.MissingAuthorizer");
	}

	@Test
	void aNodeThatLostItsPortsIsStartedAgainOnNewOnes() throws Exception {
		AtomicInteger reservations = new AtomicInteger();
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (ServerSocket taken = new ServerSocket(0, 1, loopback);
				ServerSocket alsoTaken = new ServerSocket(0, 1, loopback)) {
			KafkaClusterBuilder builder = KafkaCluster.builder().portReservation((count) -> {
				if (reservations.incrementAndGet() == 1) {
					// ports another process took between their reservation and the node's start
					return new ReservedPorts(new int[] { taken.getLocalPort(), alsoTaken.getLocalPort() }, List.of());
				}
				return ReservedPorts.reserve(count);
			});
			try (KafkaCluster cluster = builder.start()) {
				assertThat(reservations).hasValue(2);
				assertThat(cluster.address(1)).isNotEqualTo("127.0.0.1:" + taken.getLocalPort());
				assertThat(cluster.logTail(1)).contains(KafkaNode.STARTED);
			}
		}
	}

	@Test
	void settingsThatIdentifyANodeBelongToTheCluster() {
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaCluster.builder().brokerProperty("listeners", "x"))
			.withMessageContaining("listeners");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaCluster.builder().nodes(0));
	}

}
