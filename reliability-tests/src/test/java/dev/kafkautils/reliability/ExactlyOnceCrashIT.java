package dev.kafkautils.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kafkautils.reliability.app.exactlyonce.TransformingService;
import dev.kafkautils.reliability.support.OrderRecords;
import dev.kafkautils.reliability.support.ProcessedLog;
import dev.kafkautils.reliability.support.ServiceProcess;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "exactly-once crash": a consume-transform-produce service with
 * {@code kafka.utils.exactly-once.enabled=true}, a child JVM, is killed with SIGKILL in the
 * middle of 10,000 inputs and started again with the same instance id. A
 * {@code read_committed} reader of the output sees exactly one output per input; a
 * {@code read_uncommitted} reader sees more, the writes of the transactions the kill
 * left open and the restart aborted, so the test would fail if outputs were not
 * transactional.
 */
class ExactlyOnceCrashIT {

	private static final int RECORDS = 10_000;

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder().nodes(1));

	@Test
	void aKilledServiceWritesExactlyOneCommittedOutputPerInput() throws Exception {
		String input = "eos-crash-orders";
		String output = "eos-crash-payments";
		brokers.cluster().createTopics(3, input, output);
		OrderRecords.send(brokers.cluster().bootstrapServers(), input, RECORDS);
		Path dir = Files.createDirectories(Paths.get("target", "services"));
		Path first = Files.createTempFile(dir, "eos-first-", ".processed");
		Path second = Files.createTempFile(dir, "eos-second-", ".processed");

		try (ServiceProcess service = service("eos-transformer-1", input, output, first, "3ms")) {
			service.start();
			await().atMost(Duration.ofSeconds(90)).until(() -> ProcessedLog.read(first).size() >= RECORDS / 5);
			service.kill();
		}
		int beforeCrash = ProcessedLog.read(first).size();
		assertThat(beforeCrash).isBetween(RECORDS / 5, RECORDS - 1);

		try (ServiceProcess restarted = service("eos-transformer-2", input, output, second, "0ms")) {
			restarted.start();
			await().atMost(Duration.ofSeconds(120)).until(() -> read(output, "read_committed").size() >= RECORDS
					&& restarted.isAlive());
		}

		List<ConsumerRecord<String, String>> committed = read(output, "read_committed");
		List<ConsumerRecord<String, String>> uncommitted = read(output, "read_uncommitted");
		Map<String, Long> outputs = committed.stream()
			.collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
		Set<String> expected = IntStream.range(0, RECORDS).mapToObj(OrderRecords::id).collect(Collectors.toSet());
		assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(outputs.values()).allMatch((count) -> count == 1);
		assertThat(committed).allMatch((record) -> record.value().equals("transformed-payload-" + record.key().substring(6)));
		// the kill left transactions open whose outputs were written: they exist, uncommitted
		assertThat(uncommitted.size()).isGreaterThan(RECORDS);
		Map<String, Integer> processed = ProcessedLog.occurrences(first, second);
		long reprocessed = processed.values().stream().filter((count) -> count > 1).count();
		System.out.printf("exactly-once crash: %d processed before SIGKILL, %d aborted outputs, %d inputs processed "
				+ "again, %d committed outputs%n", beforeCrash, uncommitted.size() - RECORDS, reprocessed,
				committed.size());
	}

	private static ServiceProcess service(String name, String input, String output, Path processed, String delay) {
		return ServiceProcess.builder(TransformingService.class)
			.name(name)
			.property("spring.kafka.bootstrap-servers", brokers.cluster().bootstrapServers())
			.property("spring.application.name", "eos-transformer")
			.property("kafka.utils.exactly-once.enabled", true)
			// one instance restarted: the same identity, so its producers abort what the killed run left open
			.property("kafka.utils.exactly-once.instance-id", "transformer-0")
			.property("kafka.utils.provisioning.max-replication", 1)
			.property("spring.kafka.listener.concurrency", 3)
			// the killed consumer's partitions come back after its session, not after 30 s
			.property("spring.kafka.consumer.properties[session.timeout.ms]", 6000)
			.property("spring.kafka.consumer.properties[heartbeat.interval.ms]", 1000)
			.property("reliability.topic", input)
			.property("reliability.output-topic", output)
			.property("reliability.group", "eos-transformers")
			.property("reliability.processed-file", processed.toAbsolutePath())
			.property("reliability.process-delay", delay)
			.build();
	}

	/** The whole topic as a consumer of this isolation level sees it, up to the end it sees. */
	private static List<ConsumerRecord<String, String>> read(String topic, String isolation) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.cluster().bootstrapServers());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
			Function<TopicPartition, Long> position = (partition) -> consumer.position(partition, Duration.ofSeconds(10));
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (ends.entrySet().stream().anyMatch((end) -> position.apply(end.getKey()) < end.getValue())) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to " + ends);
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}
}
