package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;
import java.util.List;

import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Waiting for new partitions on the shared broker: served partitions are ready at once,
 * partitions that never get a leader fail with the ready-timeout problem.
 */
class PartitionReadinessTests {

	private final ProvisioningProperties settings = new ProvisioningProperties();

	@Test
	void servedPartitionsAreReady() throws Exception {
		String topic = TestKafka.uniqueTopic("ready");
		TestKafka.createTopics(2, topic);
		try (Admin admin = TestKafka.admin()) {
			new PartitionReadiness(this.settings).await(admin,
					List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
		}
	}

	@Test
	void partitionsWithoutALeaderFailAfterTheReadyTimeout() {
		this.settings.setReadyTimeout(Duration.ofMillis(500));
		String topic = TestKafka.uniqueTopic("never");
		PartitionReadiness readiness = new PartitionReadiness(this.settings);
		long start = System.nanoTime();
		try (Admin admin = TestKafka.admin()) {
			assertThatExceptionOfType(TopicProvisioningException.class)
				.isThrownBy(() -> readiness.await(admin, List.of(new TopicPartition(topic, 0))))
				.satisfies((ex) -> assertThat(ex.getProblems()).singleElement().satisfies((problem) -> {
					assertThat(problem.property()).isEqualTo(ProvisioningProblems.READY_TIMEOUT);
					assertThat(problem.description()).contains(topic).contains("PT0.5S");
				}));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
	}

}
