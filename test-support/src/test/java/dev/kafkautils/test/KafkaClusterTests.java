package dev.kafkautils.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node started by the registered extension: records go through it, survive a SIGKILL
 * and a graceful stop, and the node comes back on its own address with its data.
 */
class KafkaClusterTests {

	@RegisterExtension
	static final KafkaBrokersExtension kafka = new KafkaBrokersExtension(
			KafkaCluster.builder().brokerProperty("num.partitions", "2"));

	/** Kafka writes this file into a log directory when it shuts down cleanly, and removes it on start. */
	private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";

	@Test
	void producesAndConsumesARecord(KafkaCluster cluster) throws Exception {
		cluster.createTopics(1, "greetings");
		RecordsOnTheCluster.send(cluster, "greetings", List.of("hello"));
		assertThat(RecordsOnTheCluster.read(cluster, "greetings", 1)).containsExactly("hello");
	}

	@Test
	void recordsAcknowledgedBeforeAKillAreReadAfterTheRestart(KafkaCluster cluster) throws Exception {
		String bootstrapServers = cluster.bootstrapServers();
		List<String> values = IntStream.range(0, 100).mapToObj((i) -> "before-kill-" + i).toList();
		cluster.createTopics(1, "killed");
		RecordsOnTheCluster.send(cluster, "killed", values);

		long pid = cluster.pid(1);
		cluster.kill(1);
		assertThat(cluster.isRunning(1)).isFalse();
		assertThat(ProcessHandle.of(pid)).isEmpty();
		assertThat(dataDirectory(cluster).resolve(CLEAN_SHUTDOWN_MARKER)).doesNotExist();

		cluster.restart(1);
		assertThat(cluster.isRunning(1)).isTrue();
		assertThat(cluster.bootstrapServers()).isEqualTo(bootstrapServers);
		assertThat(RecordsOnTheCluster.read(cluster, "killed", 100)).containsExactlyElementsOf(values);
	}

	@Test
	void aStoppedNodeShutsDownCleanlyAndComesBackWithItsData(KafkaCluster cluster) throws Exception {
		cluster.createTopics(1, "stopped");
		RecordsOnTheCluster.send(cluster, "stopped", List.of("before-stop"));

		cluster.stop(1);
		assertThat(cluster.isRunning(1)).isFalse();
		assertThat(dataDirectory(cluster).resolve(CLEAN_SHUTDOWN_MARKER)).exists();

		cluster.restart(1);
		RecordsOnTheCluster.send(cluster, "stopped", List.of("after-restart"));
		assertThat(RecordsOnTheCluster.read(cluster, "stopped", 2)).containsExactly("before-stop", "after-restart");
	}

	@Test
	void brokerPropertiesOfTheBuilderApply(KafkaCluster cluster) throws Exception {
		ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
		try (Admin admin = cluster.admin()) {
			Config config = admin.describeConfigs(List.of(broker)).all().get(10, TimeUnit.SECONDS).get(broker);
			assertThat(config.get("num.partitions").value()).isEqualTo("2");
			assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
		}
	}

	@Test
	void theLogKeepsTheNodesStarts(KafkaCluster cluster) throws Exception {
		assertThat(Files.readString(cluster.logFile(1))).contains(KafkaNode.STARTED);
		assertThat(cluster.logTail(1)).contains(KafkaNode.STARTED);
	}

	private static Path dataDirectory(KafkaCluster cluster) {
		return cluster.logFile(1).resolveSibling("data");
	}

	@Nested
	class NestedClasses {

		@Test
		void shareTheEnclosingClassCluster(KafkaCluster cluster) {
			assertThat(cluster).isSameAs(kafka.cluster());
		}

	}

}
