package dev.kafkautils.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.reliability.app.load.LoadService;
import dev.kafkautils.reliability.support.ProcessedLog;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import dev.kafkautils.test.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "load with failures": 100,000 records sent and consumed through the starter,
 * one in ten failing (half of those once, so a retry processes them, half with a
 * non-retryable exception, so they are dead-lettered at once), against a broker process.
 * Asserted by id: the processed and the dead-lettered records together are exactly the
 * records sent, none twice. The heap
 * of the consuming context, after a full collection with the service idle, is no larger
 * after the second half than after the first.
 */
class LoadWithFailuresIT {

	private static final int RECORDS = 100_000;

	private static final String TOPIC = "load-orders";

	/** What may separate two idle heaps after a full collection: far less than a retained record per id. */
	private static final long HEAP_SLACK = 8L * 1024 * 1024;

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder().nodes(1));

	@Test
	void everyRecordIsProcessedOrDeadLetteredOnceAndTheHeapStaysFlat() throws Exception {
		brokers.cluster().createTopics(4, TOPIC);
		Path dir = Files.createDirectories(Paths.get("target", "services"));
		Path processedFile = Files.createTempFile(dir, "load-", ".processed");
		long start = System.nanoTime();
		long firstHalfHeap;
		long secondHalfHeap;
		try (ConfigurableApplicationContext context = start(processedFile)) {
			KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
			LoadService.Done done = context.getBean(LoadService.Done.class);
			long half = System.nanoTime();
			send(template, 0, RECORDS / 2);
			System.out.printf("load with failures: first half sent in %d ms%n", millisSince(half));
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(done.count()).isGreaterThanOrEqualTo(RECORDS / 2));
			System.out.printf("load with failures: first half finished in %d ms%n", millisSince(half));
			firstHalfHeap = heapAfterFullCollection();
			half = System.nanoTime();
			send(template, RECORDS / 2, RECORDS);
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(done.count()).isGreaterThanOrEqualTo(RECORDS));
			System.out.printf("load with failures: second half finished in %d ms%n", millisSince(half));
			secondHalfHeap = heapAfterFullCollection();
		}
		List<String> processed = ProcessedLog.read(processedFile);
		List<ConsumerRecord<String, byte[]>> dead = brokers.cluster().records()
			.awaitCount("dlq." + TOPIC, RECORDS / 20, Duration.ofSeconds(30));
		List<String> deadIds = dead.stream().map(ConsumerRecord::key).toList();
		System.out.printf("load with failures: %d processed, %d dead-lettered in %d ms; heap after GC %d KB after "
				+ "the first half, %d KB after the second%n", processed.size(), deadIds.size(),
				Duration.ofNanos(System.nanoTime() - start).toMillis(), firstHalfHeap / 1024, secondHalfHeap / 1024);

		Set<String> expectedProcessed = new HashSet<>();
		Set<String> expectedDead = new HashSet<>();
		for (int i = 0; i < RECORDS; i++) {
			(kind(i).equals(LoadService.PERMANENT) ? expectedDead : expectedProcessed).add(id(i));
		}
		// exactly once each, by id: the transient failures among the processed, none dropped, none twice
		// (compared as hash sets: AssertJ's any-order list assertions are quadratic)
		assertExactly("processed", processed, expectedProcessed);
		assertExactly("dead-lettered", deadIds, expectedDead);
		assertThat(dead).allSatisfy((record) -> assertThat(TopicRecords.header(record, "kafka_dlt-reason"))
			.contains("non-retryable"));
		assertThat(processed.size() + deadIds.size()).isEqualTo(RECORDS);
		assertThat(secondHalfHeap).as("heap after the second half (first half: %d bytes)", firstHalfHeap)
			.isLessThanOrEqualTo(firstHalfHeap + HEAP_SLACK);
	}

	private static void assertExactly(String what, List<String> actual, Set<String> expected) {
		Set<String> distinct = new HashSet<>(actual);
		Set<String> missing = new HashSet<>(expected);
		missing.removeAll(distinct);
		Set<String> unexpected = new HashSet<>(distinct);
		unexpected.removeAll(expected);
		assertThat(missing).as("%s: missing", what).isEmpty();
		assertThat(unexpected).as("%s: not expected", what).isEmpty();
		assertThat(actual).as("%s: %d records, %d ids", what, actual.size(), distinct.size()).hasSize(distinct.size());
	}

	private static ConfigurableApplicationContext start(Path processedFile) {
		Set<String> arguments = Set.of("--spring.kafka.bootstrap-servers=" + brokers.cluster().bootstrapServers(),
				"--spring.application.name=load-service", "--reliability.topic=" + TOPIC,
				"--reliability.group=load-consumers", "--reliability.processed-file=" + processedFile.toAbsolutePath(),
				"--kafka.utils.provisioning.max-replication=1", "--spring.kafka.listener.concurrency=4",
				// the first retry is the one a transient failure needs; a small back-off keeps the run short
				"--kafka.utils.retry.max-attempts=2",
				"--kafka.utils.retry.non-retryable=" + LoadService.PermanentFailure.class.getName(),
				"--kafka.utils.retry.backoff.initial=1ms", "--kafka.utils.retry.backoff.max=1ms",
				// one WARN line per dead-lettered record is proven elsewhere: 5,000 of them would flood the CI log
				"--logging.level.dev.kafkautils.autoconfigure.errors=ERROR",
				"--spring.kafka.producer.properties.linger.ms=1");
		return new SpringApplicationBuilder(LoadService.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

	private static void send(KafkaUtilsTemplate template, int from, int to) {
		for (int i = from; i < to; i++) {
			template.send(TOPIC, id(i), kind(i));
		}
		template.flush();
	}

	/** One in ten fails: one in twenty once, one in twenty every time. */
	private static String kind(int i) {
		return switch (i % 20) {
			case 3 -> LoadService.TRANSIENT;
			case 13 -> LoadService.PERMANENT;
			default -> "order";
		};
	}

	private static String id(int i) {
		return "load-" + i;
	}

	private static long millisSince(long start) {
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	private static long heapAfterFullCollection() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		// twice: objects with finalizers or cleaners are freed by the second
		memory.gc();
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
