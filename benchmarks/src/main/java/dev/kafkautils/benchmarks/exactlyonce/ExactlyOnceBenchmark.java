package dev.kafkautils.benchmarks.exactlyonce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.benchmarks.support.BenchmarkBroker;
import dev.kafkautils.test.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Consume-transform-produce records/s with exactly-once on and off, side by side in one
 * run against one broker process: for each round and mode a fresh input topic of
 * {@code bench.eos.records} records is filled with a raw producer, then a service
 * ({@link TransformApplication}: a record listener per partition that writes one output
 * per input through the starter's template) is started on it, and the records committed
 * from the moment it is up until the consumer group's committed offsets reach the end of
 * the input are divided by that time. Modes alternate within each round (off, on, off, on, ...); the first
 * {@code bench.eos.warmup} rounds are not counted.
 * <p>
 * Settings (system properties): {@code bench.eos.records} (100000), {@code bench.eos.rounds}
 * (3), {@code bench.eos.warmup} (1), {@code bench.eos.partitions} (3), {@code bench.eos.size}
 * (100 bytes), {@code bench.out} (benchmarks/target/bench-results).
 */
public final class ExactlyOnceBenchmark {

	private final int records = Integer.getInteger("bench.eos.records", 100_000);

	private final int rounds = Integer.getInteger("bench.eos.rounds", 3);

	private final int warmup = Integer.getInteger("bench.eos.warmup", 1);

	private final int partitions = Integer.getInteger("bench.eos.partitions", 3);

	private final int size = Integer.getInteger("bench.eos.size", 100);

	private final Path out = Paths.get(System.getProperty("bench.out", "benchmarks/target/bench-results"));

	public static void main(String[] args) throws Exception {
		new ExactlyOnceBenchmark().run();
		System.exit(0);
	}

	private void run() throws Exception {
		String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
		Map<Boolean, List<Double>> rates = new LinkedHashMap<>();
		rates.put(false, new ArrayList<>());
		rates.put(true, new ArrayList<>());
		try (KafkaCluster broker = BenchmarkBroker.start(System.getProperty("bench.broker-heap", "1g"));
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
			for (int round = 0; round < this.warmup + this.rounds; round++) {
				for (boolean exactlyOnce : new boolean[] { false, true }) {
					String name = "eos-" + (exactlyOnce ? "on" : "off") + "-" + round;
					broker.createTopics(this.partitions, name + "-in", name + "-out");
					fill(broker.bootstrapServers(), name + "-in");
					double rate = transform(broker.bootstrapServers(), admin, name, exactlyOnce);
					boolean measured = round >= this.warmup;
					System.out.printf(Locale.ROOT, "round %d%s exactly-once %-3s %,.0f records/s%n", round,
							measured ? "" : " (warm-up)", exactlyOnce ? "on" : "off", rate);
					if (measured) {
						rates.get(exactlyOnce).add(rate);
					}
				}
			}
		}
		double off = median(rates.get(false));
		double on = median(rates.get(true));
		String table = String.format(Locale.ROOT, "### Exactly-once, %s%n%n"
				+ "Consume-transform-produce, %,d records × %d B over %d partitions, a record listener per partition, "
				+ "one output per input; medians of %d rounds.%n%n"
				+ "| mode | records/s | vs off |%n|---|---:|---:|%n| exactly-once off | %,.0f | 1.00× |%n"
				+ "| exactly-once on | %,.0f | %.2f× |%n", started, this.records, this.size, this.partitions, this.rounds,
				off, on, on / off);
		System.out.println(table);
		Files.createDirectories(this.out);
		Path file = this.out.resolve("exactlyonce-" + started.replace(' ', 'T').replace(":", "") + ".md");
		Files.writeString(file, table);
		System.out.println("results: " + file.toAbsolutePath());
	}

	private void fill(String bootstrapServers, String topic) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		byte[] value = new byte[this.size];
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < this.records; i++) {
				producer.send(new ProducerRecord<>(topic, "k" + i, value));
			}
			producer.flush();
		}
	}

	private double transform(String bootstrapServers, Admin admin, String name, boolean exactlyOnce)
			throws Exception {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.application.name", "bench-eos");
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		properties.put("spring.kafka.listener.concurrency", this.partitions);
		properties.put("kafka.utils.provisioning.max-replication", 1);
		properties.put("kafka.utils.exactly-once.enabled", exactlyOnce);
		properties.put("bench.eos.input", name + "-in");
		properties.put("bench.eos.output", name + "-out");
		properties.put("bench.eos.group", name);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TransformApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.run()) {
			// from the moment the service is up: its start-up is not part of the rate
			long start = System.nanoTime();
			long before = committed(admin, name);
			while (committed(admin, name) < this.records) {
				TimeUnit.MILLISECONDS.sleep(20);
			}
			return (this.records - before) / ((System.nanoTime() - start) / 1e9);
		}
	}

	private static long committed(Admin admin, String group) throws Exception {
		Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS);
		return offsets.values().stream().filter((offset) -> offset != null).mapToLong(OffsetAndMetadata::offset).sum();
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return (n == 0) ? Double.NaN : (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

}
