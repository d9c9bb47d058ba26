package dev.kafkautils.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kafkautils.reliability.app.shutdown.RelayService;
import dev.kafkautils.reliability.support.OrderRecords;
import dev.kafkautils.reliability.support.ProcessedLog;
import dev.kafkautils.reliability.support.ServiceProcess;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import dev.kafkautils.test.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

import org.apache.kafka.common.TopicPartition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "graceful shutdown": a service (a child JVM) that consumes one topic and sends
 * each record on to another through the template gets SIGTERM in the middle of the
 * stream. Before it exits, every record its listener finished has its offset committed
 * and its onward record written (the producer's buffer flushed, with a linger of a second
 * so that there is something in it); a new instance in the same group then processes the
 * rest without redelivering a record the first one finished.
 */
class GracefulShutdownIT {

	private static final int RECORDS = 4_000;

	private static final String GROUP = "shutdown-relays";

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder().nodes(1));

	@Test
	void sigtermFinishesCommitsAndFlushesWhatWasInFlight() throws Exception {
		KafkaCluster cluster = brokers.cluster();
		String input = "shutdown-orders";
		String output = "shutdown-relayed";
		cluster.createTopics(3, input, output);
		OrderRecords.send(brokers.cluster().bootstrapServers(), input, RECORDS);
		Path dir = Files.createDirectories(Paths.get("target", "services"));
		Path first = Files.createTempFile(dir, "relay-first-", ".processed");
		Path second = Files.createTempFile(dir, "relay-second-", ".processed");

		try (ServiceProcess relay = service("relay-1", input, output, first, "2ms")) {
			relay.start();
			await().atMost(Duration.ofSeconds(60)).until(() -> ProcessedLog.read(first).size() >= RECORDS / 4);
			relay.terminate(Duration.ofSeconds(60));
		}
		List<String> finished = ProcessedLog.read(first);
		assertThat(finished).as("records the first instance finished").hasSizeBetween(RECORDS / 4, RECORDS - 1);
		assertThat(Set.copyOf(finished)).as("records the first instance finished twice").hasSameSizeAs(finished);
		// every record it finished has its offset committed
		assertThat(committed()).as("offsets committed by the first instance").isEqualTo(finished.size());
		// and its onward record written, although it was only in the producer's buffer
		Set<String> relayed = TopicRecords.of(cluster.bootstrapServers())
			.read(output)
			.stream()
			.map(ConsumerRecord::key)
			.collect(Collectors.toSet());
		assertThat(finished.stream().filter((id) -> !relayed.contains(id)).toList())
			.as("records finished before SIGTERM whose onward record is missing").isEmpty();

		try (ServiceProcess replacement = service("relay-2", input, output, second, "0ms")) {
			replacement.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> ProcessedLog.occurrences(first, second).size() == RECORDS);
		}
		Map<String, Integer> occurrences = ProcessedLog.occurrences(first, second);
		Set<String> expected = IntStream.range(0, RECORDS).mapToObj(OrderRecords::id).collect(Collectors.toSet());
		assertThat(occurrences.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		List<String> redelivered = occurrences.entrySet().stream().filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey).sorted().toList();
		System.out.printf("graceful shutdown: %d finished before SIGTERM, %d redelivered after the restart%n",
				finished.size(), redelivered.size());
		assertThat(redelivered).as("records redelivered after a graceful shutdown").isEmpty();
	}

	private static long committed() throws Exception {
		try (Admin admin = brokers.cluster().admin()) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
		}
	}

	private static ServiceProcess service(String name, String input, String output, Path processed, String delay) {
		ServiceProcess.Builder builder = ServiceProcess.builder(RelayService.class)
			.name(name)
			.property("spring.kafka.bootstrap-servers", brokers.cluster().bootstrapServers())
			.property("spring.application.name", "shutdown-relay")
			.property("kafka.utils.provisioning.max-replication", 1)
			// onward records wait in the producer's buffer for up to a second
			.property("spring.kafka.producer.properties[linger.ms]", 1000)
			.property("reliability.input", input)
			.property("reliability.output", output)
			.property("reliability.group", GROUP)
			.property("reliability.processed-file", processed.toAbsolutePath())
			.property("reliability.process-delay", delay);
		String closeTimeout = System.getProperty("reliability.producer-close-timeout");
		if (closeTimeout != null) {
			builder.property("reliability.producer-close-timeout", closeTimeout);
		}
		return builder.build();
	}
}
