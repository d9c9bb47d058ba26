package dev.kafkautils.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Starts that fail explain themselves. (A start that loses a port race retries: the shared
 * node of {@link KafkaClusterTests} is started that way.)
 */
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
	void settingsThatIdentifyANodeBelongToTheCluster() {
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaCluster.builder().brokerProperty("listeners", "x"))
			.withMessageContaining("listeners");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaCluster.builder().nodes(0));
	}

	@Test
	void scramUsersNeedASaslListenerWithAScramMechanism() {
		assertThatIllegalStateException()
			.isThrownBy(() -> KafkaCluster.builder().scramUser("alice", "secret").start())
			.withMessageContaining("saslListener");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaCluster.builder().saslListener("PLAIN"))
			.withMessageContaining("SCRAM-SHA-512");
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaCluster.builder().scramUser("alice", "a,b"));
	}

}
