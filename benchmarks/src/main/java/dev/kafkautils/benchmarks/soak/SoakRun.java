package dev.kafkautils.benchmarks.soak;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.kafkautils.benchmarks.support.BenchmarkBroker;
import dev.kafkautils.test.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A long run of the load-with-failures scenario (reliability-tests' {@code LoadWithFailuresIT}):
 * {@code soak.records} records (5,000,000) through the starter, one in ten failing (half
 * once, half every time), sent in {@code soak.checkpoints} (10) equal parts. After each
 * part has been processed or dead-lettered, with the service idle, it reads the heap after
 * a full collection. At the end it checks by id that the processed and the dead-lettered
 * records are exactly the records sent, and prints and writes (to {@code soak.out},
 * benchmarks/target/bench-results) a table of heap and throughput per part.
 * <p>
 * Exits with 1 if a record is missing or twice, or if the heap of the last part exceeds
 * that of the first by more than {@code soak.heap-slack-mb} (16).
 */
public final class SoakRun {

	private static final String TOPIC = "soak-orders";

	private SoakRun() {
	}

	public static void main(String[] args) throws Exception {
		int records = Integer.getInteger("soak.records", 5_000_000);
		int checkpoints = Integer.getInteger("soak.checkpoints", 10);
		long slack = Long.getLong("soak.heap-slack-mb", 16) * 1024 * 1024;
		Path out = Paths.get(System.getProperty("soak.out", "benchmarks/target/bench-results"));
		StringBuilder report = new StringBuilder();
		boolean ok;
		try (KafkaCluster broker = BenchmarkBroker.start("1g")) {
			broker.createTopics(3, TOPIC);
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SoakApplication.class)
				.web(WebApplicationType.NONE)
				.run("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "--spring.application.name=soak",
						"--soak.topic=" + TOPIC, "--kafka.utils.provisioning.max-replication=1",
						"--spring.kafka.listener.concurrency=3", "--kafka.utils.retry.max-attempts=2",
						"--kafka.utils.retry.backoff.initial=1ms", "--kafka.utils.retry.backoff.max=1ms",
						"--kafka.utils.dlq.max-stack-trace-length=256",
						"--logging.level.dev.kafkautils.autoconfigure.errors=ERROR")) {
				SoakApplication service = context.getBean(SoakApplication.class);
				@SuppressWarnings("unchecked")
				KafkaTemplate<String, Object> template = context.getBean("kafkaTemplate", KafkaTemplate.class);
				report.append(String.format(Locale.ROOT, "Soak: %,d records, 10%% failing (5%% once, 5%% always), %d parts%n%n",
						records, checkpoints));
				report.append("| part | records finished | heap after GC (MB) | records/s in the part |\n|---|---|---|---|\n");
				long firstHeap = -1;
				long lastHeap = -1;
				int part = records / checkpoints;
				for (int checkpoint = 1; checkpoint <= checkpoints; checkpoint++) {
					long start = System.nanoTime();
					int from = (checkpoint - 1) * part;
					int to = (checkpoint == checkpoints) ? records : checkpoint * part;
					for (int i = from; i < to; i++) {
						template.send(TOPIC, Integer.toString(i), kind(i));
					}
					template.flush();
					while (service.finished() < to) {
						Thread.sleep(50);
					}
					double seconds = (System.nanoTime() - start) / 1e9;
					long heap = heapAfterFullCollection();
					firstHeap = (firstHeap < 0) ? heap : firstHeap;
					lastHeap = heap;
					String row = String.format(Locale.ROOT, "| %d | %,d | %.1f | %,.0f |%n", checkpoint, to,
							heap / 1048576.0, (to - from) / seconds);
					System.out.print(row);
					report.append(row);
				}
				ok = verify(broker, service, records, report) & (lastHeap <= firstHeap + slack);
				report.append(String.format(Locale.ROOT, "%nHeap after GC: %.1f MB after the first part, %.1f MB after the last "
						+ "(allowed growth %d MB)%n", firstHeap / 1048576.0, lastHeap / 1048576.0, slack / 1048576));
			}
		}
		System.out.print(report);
		Files.createDirectories(out);
		Path file = out.resolve("soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
		Files.writeString(file, report);
		System.out.println("Written to " + file);
		System.exit(ok ? 0 : 1);
	}

	private static boolean verify(KafkaCluster broker, SoakApplication service, int records, StringBuilder report) {
		BitSet expectedDead = new BitSet();
		for (int i = 0; i < records; i++) {
			if (kind(i).equals(SoakApplication.PERMANENT)) {
				expectedDead.set(i);
			}
		}
		BitSet dead = new BitSet();
		long deadDuplicates = 0;
		// streamed, keys only: hundreds of thousands of dead-letter records with their headers would not fit
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor("dlq." + TOPIC)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))
					&& System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
					int id = Integer.parseInt(record.key());
					deadDuplicates += dead.get(id) ? 1 : 0;
					dead.set(id);
				}
			}
		}
		BitSet processed = service.processedIds();
		BitSet all = (BitSet) processed.clone();
		all.or(dead);
		BitSet both = (BitSet) processed.clone();
		both.and(dead);
		boolean ok = all.cardinality() == records && all.nextClearBit(0) == records && both.isEmpty()
				&& dead.equals(expectedDead) && service.duplicates() == 0 && deadDuplicates == 0;
		report.append(String.format(Locale.ROOT,
				"%nBy id: %,d processed, %,d dead-lettered (%,d expected), %,d missing, %,d in both, %,d processed twice, "
						+ "%,d dead-lettered twice: %s%n",
				processed.cardinality(), dead.cardinality(), expectedDead.cardinality(), records - all.cardinality(),
				both.cardinality(), service.duplicates(), deadDuplicates, ok ? "exact" : "NOT EXACT"));
		return ok;
	}

	/** One in ten fails: one in twenty once, one in twenty every time. */
	private static String kind(int i) {
		return switch (i % 20) {
			case 3 -> SoakApplication.TRANSIENT;
			case 13 -> SoakApplication.PERMANENT;
			default -> "order";
		};
	}

	private static long heapAfterFullCollection() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		memory.gc();
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
