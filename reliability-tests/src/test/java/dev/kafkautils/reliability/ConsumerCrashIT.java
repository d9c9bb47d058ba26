package dev.kafkautils.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kafkautils.reliability.app.consumer.ConsumingService;
import dev.kafkautils.reliability.support.OrderRecords;
import dev.kafkautils.reliability.support.ProcessedLog;
import dev.kafkautils.reliability.support.ServiceProcess;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "consumer crash": the consuming service, a child JVM, is killed with SIGKILL
 * in the middle of processing; a new instance in the same group processes every record
 * the first one had not committed. Asserted by record id: none skipped, redeliveries
 * counted.
 */
class ConsumerCrashIT {

	private static final int RECORDS = 5_000;

	private static final String GROUP = "crash-consumers";

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder().nodes(1));

	@Test
	void aKilledConsumerLeavesNoRecordUnprocessed() throws Exception {
		String topic = "crash-orders";
		brokers.cluster().createTopics(3, topic);
		OrderRecords.send(brokers.cluster().bootstrapServers(), topic, RECORDS);
		Path dir = Files.createDirectories(Paths.get("target", "services"));
		Path first = Files.createTempFile(dir, "first-", ".processed");
		Path second = Files.createTempFile(dir, "second-", ".processed");

		try (ServiceProcess consumer = service("consumer-1", topic, first, "2ms")) {
			consumer.start();
			await().atMost(Duration.ofSeconds(60)).until(() -> ProcessedLog.read(first).size() >= RECORDS / 5);
			consumer.kill();
		}
		int beforeCrash = ProcessedLog.read(first).size();
		assertThat(beforeCrash).isBetween(RECORDS / 5, RECORDS - 1);

		try (ServiceProcess replacement = service("consumer-2", topic, second, "0ms")) {
			replacement.start();
			// until the group has committed every record: a skipped one then shows as a missing id
			await().atMost(Duration.ofSeconds(60)).until(() -> committed() == RECORDS);
		}

		Map<String, Integer> occurrences = ProcessedLog.occurrences(first, second);
		Set<String> expected = IntStream.range(0, RECORDS).mapToObj(OrderRecords::id).collect(Collectors.toSet());
		assertThat(occurrences.keySet()).as("records processed").containsExactlyInAnyOrderElementsOf(expected);
		long redelivered = occurrences.values().stream().filter((count) -> count > 1).count();
		System.out.printf("consumer crash: %d processed before SIGKILL, %d redelivered after it%n", beforeCrash,
				redelivered);
		// the replacement starts at the committed offsets: at least the record in flight comes again
		assertThat(ProcessedLog.read(second)).hasSizeGreaterThanOrEqualTo(RECORDS - beforeCrash);
	}

	private static long committed() throws Exception {
		try (Admin admin = brokers.cluster().admin()) {
			return admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong(OffsetAndMetadata::offset)
				.sum();
		}
	}

	private static ServiceProcess service(String name, String topic, Path processed, String delay) {
		return ServiceProcess.builder(ConsumingService.class)
			.name(name)
			.property("spring.kafka.bootstrap-servers", brokers.cluster().bootstrapServers())
			.property("spring.application.name", "crash-consumer")
			.property("kafka.utils.provisioning.max-replication", 1)
			.property("reliability.topic", topic)
			.property("reliability.group", GROUP)
			.property("reliability.processed-file", processed.toAbsolutePath())
			.property("reliability.process-delay", delay)
			.build();
	}
}
