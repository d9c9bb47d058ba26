package dev.kafkautils.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node started by the registered extension and shared by every test here, the nested
 * classes' included: starting a node takes seconds, so only tests that must start or
 * break a cluster of their own ({@link KafkaClusterStartTests}) do. The node's start has
 * lost a port race on purpose, so it proves the retry as well. Records go through the
 * node, survive a SIGKILL and a graceful stop, and the node comes back on its own address
 * with its data; a Spring Boot application reaches it through the connection details.
 * The tests that kill or stop the node restart it, so they may run in any order.
 * <p>
 * One instance for the class: JUnit makes it before any {@code beforeAll} (and Spring would
 * load its context then), so the extension must have started the cluster before.
 */
@TestInstance(Lifecycle.PER_CLASS)
class KafkaClusterTests {

	private static final LostPortRace portRace = new LostPortRace();

	/**
	 * A killed node comes back once its old broker session has expired, in a one-node
	 * cluster too (its controller restarts with it and grants the old registration a whole
	 * session): 4 seconds instead of 9, with heartbeats often enough to keep a live session.
	 */
	@RegisterExtension
	static final KafkaBrokersExtension kafka = new KafkaBrokersExtension(KafkaCluster.builder()
		.brokerProperty("num.partitions", "2")
		.brokerProperty("broker.session.timeout.ms", "4000")
		.brokerProperty("broker.heartbeat.interval.ms", "500")
		.portReservation(portRace));

	/** Kafka writes this file into a log directory when it shuts down cleanly, and removes it on start. */
	private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";

	/** Throws if the cluster had not been started before JUnit made this instance. */
	private final KafkaCluster clusterAtConstruction = kafka.cluster();

	@AfterAll
	static void releaseTheTakenPorts() {
		portRace.close();
	}

	@Test
	void theClusterRunsBeforeTheTestInstanceIsMade(KafkaCluster cluster) {
		assertThat(this.clusterAtConstruction).isSameAs(cluster);
	}

	@Test
	void aNodeThatLostItsPortsWasStartedAgainOnNewOnes(KafkaCluster cluster) {
		assertThat(portRace.reservations).hasValue(2);
		assertThat(portRace.takenPorts()).isNotEmpty()
			.noneMatch((port) -> cluster.address(1).equals("127.0.0.1:" + port));
		assertThat(cluster.logTail(1)).contains(KafkaNode.STARTED);
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
	void recordsAcknowledgedBeforeAKillAreReadAfterTheRestart(KafkaCluster cluster) throws Exception {
		String bootstrapServers = cluster.bootstrapServers();
		List<String> values = IntStream.range(0, 100).mapToObj((i) -> "before-kill-" + i).toList();
		cluster.createTopics(1, "killed");
		RecordsOnTheCluster.send(cluster, "killed", values);
		long starts = startsLogged(cluster);

		long pid = cluster.pid(1);
		cluster.kill(1);
		assertThat(cluster.isRunning(1)).isFalse();
		assertThat(ProcessHandle.of(pid)).isEmpty();
		assertThat(dataDirectory(cluster).resolve(CLEAN_SHUTDOWN_MARKER)).doesNotExist();

		cluster.restart(1);
		assertThat(cluster.isRunning(1)).isTrue();
		assertThat(cluster.bootstrapServers()).isEqualTo(bootstrapServers);
		assertThat(startsLogged(cluster)).as("starts in the node's log").isEqualTo(starts + 1);
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

	private static long startsLogged(KafkaCluster cluster) throws IOException {
		return Files.readString(cluster.logFile(1)).lines().filter((line) -> line.contains(KafkaNode.STARTED)).count();
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

	/**
	 * A Spring Boot application in the class reaches the node through the
	 * {@link KafkaConnectionDetails} the extension provides, even where a
	 * {@code spring.kafka.bootstrap-servers} property points elsewhere.
	 */
	@Nested
	@SpringBootTest(classes = App.class, properties = "spring.kafka.bootstrap-servers=127.0.0.1:1")
	class SpringBootApplication {

		@Autowired
		private KafkaConnectionDetails connectionDetails;

		@Autowired
		private KafkaTemplate<String, String> template;

		@Autowired
		private ConsumerFactory<String, String> consumerFactory;

		@Test
		void connectionDetailsPointAtTheBrokers(KafkaCluster cluster) {
			assertThat(this.connectionDetails.getBootstrapServers()).containsExactly(cluster.bootstrapServers());
			assertThat(this.connectionDetails.getSecurityProtocol()).isEqualTo("PLAINTEXT");
		}

		@Test
		void kafkaUtilsTopicReplicationIsCappedAtTheClusterSize(@Autowired Environment environment) {
			assertThat(environment.getProperty("kafka.utils.provisioning.max-replication")).isEqualTo("1");
		}

		@Test
		void topicRecordsWaitsForARecordAndShowsItsBytesAndHeaders(KafkaCluster cluster) throws Exception {
			cluster.createTopics(1, "spring-records");
			ProducerRecord<String, String> record = new ProducerRecord<>("spring-records", "wanted", "payload");
			record.headers().add("reason", "because".getBytes(StandardCharsets.UTF_8));
			this.template.send(new ProducerRecord<>("spring-records", "other", "first")).get(30, TimeUnit.SECONDS);
			CompletableFuture.runAsync(() -> this.template.send(record));
			ConsumerRecord<String, byte[]> found = cluster.records()
				.await("spring-records", (candidate) -> "wanted".equals(candidate.key()), Duration.ofSeconds(30));
			assertThat(found.value()).isEqualTo("payload".getBytes(StandardCharsets.UTF_8));
			assertThat(TopicRecords.header(found, "reason")).contains("because");
			assertThat(TopicRecords.header(found, "missing")).isEmpty();
			assertThat(cluster.records().read("spring-records")).extracting(ConsumerRecord::key)
				.containsExactly("other", "wanted");
			assertThat(cluster.records().read("no-such-topic")).isEmpty();
		}

		@Test
		void kafkaTemplateRoundTripsARecord(KafkaCluster cluster) throws Exception {
			cluster.createTopics(1, "spring-greetings");
			this.template.send("spring-greetings", "key", "hello from Spring").get(30, TimeUnit.SECONDS);
			try (Consumer<String, String> consumer = this.consumerFactory.createConsumer("round-trip", "round-trip")) {
				assertThat(RecordsOnTheCluster.read(consumer, "spring-greetings", 1))
					.isEqualTo(List.of("hello from Spring"));
			}
		}

	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(KafkaAutoConfiguration.class)
	static class App {

	}

	/**
	 * Port reservations whose first hands out ports another process has bound (this JVM
	 * stands in for it), as if it had taken them between their reservation and the
	 * nodes' start; later reservations are real ones.
	 */
	static final class LostPortRace implements IntFunction<ReservedPorts>, AutoCloseable {

		final AtomicInteger reservations = new AtomicInteger();

		private final List<ReservedPorts> taken = new ArrayList<>();

		private int[] takenPorts = new int[0];

		@Override
		public ReservedPorts apply(int count) {
			ReservedPorts reserved = ReservedPorts.reserve(count);
			if (this.reservations.incrementAndGet() > 1) {
				return reserved;
			}
			this.taken.add(reserved);
			this.takenPorts = IntStream.range(0, count).map(reserved::port).toArray();
			// nothing to let go: the ports stay taken when the cluster releases its reservation
			return new ReservedPorts(this.takenPorts, List.of());
		}

		List<Integer> takenPorts() {
			return IntStream.of(this.takenPorts).boxed().toList();
		}

		@Override
		public void close() {
			this.taken.forEach(ReservedPorts::close);
		}

	}

}
