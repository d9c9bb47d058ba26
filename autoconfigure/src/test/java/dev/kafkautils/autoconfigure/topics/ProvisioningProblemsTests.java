package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wording of provisioning problems: each names the property behind it and the fix.
 */
class ProvisioningProblemsTests {

	private static final String MAX_REPLICATION = "kafka.utils.provisioning.max-replication";

	@Test
	void replicationAboveTheBrokerCountNamesTheTierPropertyAndMaxReplication() {
		List<Problem> problems = ProvisioningProblems
			.replicationAboveBrokerCount(List.of(spec("orders", 3, 3), spec("payments", 3, 3), spec("audit", 1, 1)), 1);
		assertThat(problems).containsExactly(new Problem("kafka.utils.tiers.standard.replicas",
				"Topic(s) orders, payments need replication factor 3 (kafka.utils.tiers.standard.replicas), "
						+ "but the Kafka cluster has 1 broker(s)",
				"On a development cluster, set " + MAX_REPLICATION + "=1 to lower replication and "
						+ "min.insync.replicas; otherwise set kafka.utils.tiers.standard.replicas to at most 1 "
						+ "or add brokers"));
	}

	@Test
	void replicationLoweredByMaxReplicationButStillTooHighNamesMaxReplication() {
		List<Problem> problems = ProvisioningProblems.replicationAboveBrokerCount(List.of(spec("orders", 2, 3)), 1);
		assertThat(problems).singleElement().satisfies((problem) -> {
			assertThat(problem.property()).isEqualTo(MAX_REPLICATION);
			assertThat(problem.action()).isEqualTo("Set " + MAX_REPLICATION + " to at most 1");
		});
	}

	@Test
	void replicationWithinTheBrokerCountIsNoProblem() {
		assertThat(ProvisioningProblems.replicationAboveBrokerCount(List.of(spec("orders", 3, 3)), 3)).isEmpty();
	}

	@Test
	void refusedReplicationNamesTheReplicasProperty() {
		TopicSpec spec = new TopicSpec("orders", "standard", 3, 2, 2, Map.of(),
				Map.of("replicas", "kafka.utils.topics.orders.replicas"));
		Problem problem = ProvisioningProblems.failed("create", spec,
				new InvalidReplicationFactorException("Replication factor: 2 larger than available brokers: 1."));
		assertThat(problem.property()).isEqualTo("kafka.utils.topics.orders.replicas");
		assertThat(problem.description()).isEqualTo("Could not create topic 'orders' (tier standard): "
				+ "InvalidReplicationFactorException: Replication factor: 2 larger than available brokers: 1.");
		assertThat(problem.action()).isEqualTo("Correct kafka.utils.topics.orders.replicas, or set "
				+ "kafka.utils.provisioning.enabled=false where topics are managed elsewhere");
	}

	@Test
	void refusedConfigNamesEveryConfigProperty() {
		TopicSpec spec = new TopicSpec("orders", "standard", 3, 1, 1,
				Map.of("retention.ms", "1", "no.such.config", "1"),
				Map.of("config.no.such.config", "kafka.utils.topics.orders.config.no.such.config"));
		Problem problem = ProvisioningProblems.failed("create", spec, new InvalidConfigurationException("unknown"));
		assertThat(problem.property().split(", ")).containsExactlyInAnyOrder(
				"kafka.utils.tiers.standard.config.retention.ms", "kafka.utils.topics.orders.config.no.such.config");
	}

	@Test
	void missingAclsAskForThemInsteadOfACorrection() {
		Problem problem = ProvisioningProblems.failed("add partitions to", spec("orders", 3, 3),
				new TopicAuthorizationException("denied"));
		assertThat(problem.description()).startsWith("Could not add partitions to topic 'orders'");
		assertThat(problem.action())
			.startsWith("Grant this service's principal the ACLs to describe and create topics");
	}

	@Test
	void partitionsNotReadyNameEachTopicOnceAndTheReadyTimeout() {
		Problem problem = ProvisioningProblems.partitionsNotReady(List.of(new TopicPartition("payments", 0),
				new TopicPartition("orders", 1), new TopicPartition("orders", 0)), Duration.ofSeconds(30));
		assertThat(problem).isEqualTo(new Problem("kafka.utils.provisioning.ready-timeout",
				"New partitions of topic(s) orders, payments did not get a leader answering offset lookups "
						+ "within PT30S",
				"Check the health of the brokers, or raise kafka.utils.provisioning.ready-timeout"));
	}

	@Test
	void noAnswerNamesTheOperationTimeout() {
		Problem problem = ProvisioningProblems.noAnswer(Duration.ofSeconds(5));
		assertThat(problem.property()).isEqualTo("kafka.utils.provisioning.operation-timeout");
		assertThat(problem.description()).endsWith("within PT5S");
	}

	private static TopicSpec spec(String name, int replicas, int requestedReplicas) {
		return new TopicSpec(name, "standard", 1, replicas, requestedReplicas, Map.of(), Map.of());
	}

}
