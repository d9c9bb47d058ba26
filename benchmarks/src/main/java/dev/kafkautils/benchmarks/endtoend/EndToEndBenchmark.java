package dev.kafkautils.benchmarks.endtoend;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.benchmarks.support.BenchmarkBroker;
import dev.kafkautils.benchmarks.support.Meter;
import dev.kafkautils.benchmarks.support.Payloads;
import dev.kafkautils.test.KafkaCluster;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The end-to-end comparison in one run against one real broker process: for each payload
 * size, producer variants (a) raw {@code KafkaProducer} with bytes, (a') the same plus
 * {@code toByteArray()} per record, (b) Spring Boot's {@code KafkaTemplate} with bytes,
 * (c) the starter's template with protobuf messages, (d) the starter with JSON, and the
 * observed templates; then consumer variants (e) a raw poll loop, (e') the same plus
 * {@code parseFrom}, (f) record listeners and (g) a batch listener through the starter's
 * factory. Variants alternate within each round (a a' b c d ... a a' b c d ...); each
 * producer round writes a fresh topic. Warm-up rounds run at full size and are not
 * counted.
 * <p>
 * Settings (system properties): {@code bench.records} (1000000), {@code bench.rounds}
 * (4), {@code bench.warmup} (2), {@code bench.sizes} (100,1024), {@code bench.partitions}
 * (3), {@code bench.observed-share} (0.2: the observed variants send this fraction of the
 * records), {@code bench.sections} (produce,consume), {@code bench.variants}
 * (all; a comma-separated list of variant ids), {@code bench.out}
 * (benchmarks/target/bench-results).
 */
public final class EndToEndBenchmark {

	private final int records = Integer.getInteger("bench.records", 1_000_000);

	private final int rounds = Integer.getInteger("bench.rounds", 4);

	private final int warmup = Integer.getInteger("bench.warmup", 2);

	private final int partitions = Integer.getInteger("bench.partitions", 3);

	private final double observedShare = Double.parseDouble(System.getProperty("bench.observed-share", "0.2"));

	private final int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "100,1024").split(","))
		.map(String::trim)
		.mapToInt(Integer::parseInt)
		.toArray();

	private final List<String> sections = List.of(System.getProperty("bench.sections", "produce,consume").split(","));

	private final Path out = Paths.get(System.getProperty("bench.out", "benchmarks/target/bench-results"));

	/**
	 * Spring Boot alone, typed: a protobuf deserializer (in an error-handling
	 * deserializer, as a careful application would configure it) and a listener of the
	 * message type.
	 */
	private static final Map<String, String> BOOT_PROTOBUF_LISTENER = Map.of("bench.listener", "record",
			"spring.kafka.consumer.value-deserializer",
			"org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
			"spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
			BenchEventDeserializer.class.getName());

	private static Map<String, String> bootBatch() {
		Map<String, String> properties = new HashMap<>(BOOT_PROTOBUF_LISTENER);
		properties.put("bench.listener", "batch");
		properties.put("spring.kafka.listener.type", "batch");
		return properties;
	}

	/** Comma-separated variant ids to run ({@code bench.variants}); all when unset. */
	private final List<String> variants = List.of(System.getProperty("bench.variants", "").split(","));

	public static void main(String[] args) throws Exception {
		new EndToEndBenchmark().run();
		// Kafka and Spring leave non-daemon threads behind in some failure paths
		System.exit(0);
	}

	private void run() throws Exception {
		String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
		StringBuilder markdown = new StringBuilder();
		markdown.append("### End-to-end, ").append(started).append("\n\n").append(describe()).append("\n\n");
		print(describe());
		try (KafkaCluster broker = BenchmarkBroker.start(System.getProperty("bench.broker-heap", "1g"));
				BenchTopics topics = new BenchTopics(broker.bootstrapServers(), this.partitions)) {
			print("broker " + broker.bootstrapServers() + " (pid " + broker.pid(1) + ")");
			Meter meter = new Meter(broker.pid(1));
			String bootstrap = broker.bootstrapServers();
			try (ConfigurableApplicationContext starter = BenchApplication.start(true, bootstrap, Map.of());
					ConfigurableApplicationContext boot = BenchApplication.start(false, bootstrap, Map.of());
					ConfigurableApplicationContext bootNoTimer = BenchApplication.start(false, bootstrap,
							Map.of("bench.template-timer", "false"));
					ConfigurableApplicationContext bootObserved = BenchApplication.start(false, bootstrap,
							Map.of("bench.observation", "true", "spring.kafka.template.observation-enabled", "true"));
					ConfigurableApplicationContext starterObserved = BenchApplication.start(true, bootstrap,
							Map.of("bench.observation", "true", "spring.kafka.template.observation-enabled", "true"));
					ConfigurableApplicationContext starterTimestamp = BenchApplication.start(true, bootstrap,
							Map.of("kafka.utils.headers.timestamp.enabled", "true"));
					ConfigurableApplicationContext starterTraced = BenchApplication.start(true, bootstrap,
							Map.of("bench.tracer", "true"))) {
				KafkaUtilsTemplate starterTemplate = starter.getBean(KafkaUtilsTemplate.class);
				print("starter producer configuration: " + starterTemplate.getProducerFactory().getConfigurationProperties());
				List<ProducerVariant> allProducers = List.of(
						new ProducerVariant.Raw("raw", "(a) raw KafkaProducer, bytes", bootstrap,
								ProducerVariant.Raw.Encoding.BYTES),
						new ProducerVariant.Raw("raw+toByteArray", "(a') raw KafkaProducer + toByteArray()", bootstrap,
								ProducerVariant.Raw.Encoding.PROTOBUF),
						new ProducerVariant.Raw("raw+json", "(a'') raw KafkaProducer + Jackson writeValueAsBytes",
								bootstrap, ProducerVariant.Raw.Encoding.JSON),
						new ProducerVariant.TemplateBytes("template", "(b) spring-kafka KafkaTemplate, bytes", 1.0,
								bytesTemplate(boot), false),
						new ProducerVariant.TemplateBytes("template-no-timer",
								"(b0) spring-kafka KafkaTemplate, bytes, its send timer off", 1.0, bytesTemplate(bootNoTimer),
								false),
						new ProducerVariant.TemplateBytes("template+toByteArray",
								"(b') spring-kafka KafkaTemplate + toByteArray()", 1.0, bytesTemplate(boot), true),
						new ProducerVariant.Starter("starter-protobuf", "(c) starter template, protobuf", 1.0,
								starterTemplate, false),
						new ProducerVariant.Starter("starter-json", "(d) starter template, JSON", 1.0, starterTemplate,
								true),
						new ProducerVariant.Starter("starter-traced",
								"(c+trace) starter template, protobuf, tracer present, sent inside a span", 1.0,
								starterTraced.getBean(KafkaUtilsTemplate.class), false,
								starterTraced.getBean(io.micrometer.tracing.Tracer.class)),
						new ProducerVariant.Starter("starter-timestamp-header",
								"(c+ts) starter template, protobuf, timestamp header on", 1.0,
								starterTimestamp.getBean(KafkaUtilsTemplate.class), false),
						new ProducerVariant.TemplateBytes("template-observed",
								"(b+obs) KafkaTemplate, bytes, observation on", this.observedShare,
								bytesTemplate(bootObserved), false),
						new ProducerVariant.Starter("starter-observed", "(c+obs) starter template, protobuf, observation on",
								this.observedShare, starterObserved.getBean(KafkaUtilsTemplate.class), false));
				List<ConsumerVariant> allConsumers = List.of(
						new ConsumerVariant.RawPoll("raw-poll", "(e) raw poll loop, bytes", bootstrap, false),
						new ConsumerVariant.RawPoll("raw-poll+parseFrom", "(e') raw poll loop + parseFrom", bootstrap,
								true),
						new ConsumerVariant.Listener("record-bytes", "(f0) starter record listener, ConsumerRecord", true,
								bootstrap, Map.of("bench.listener", "record-bytes")),
						new ConsumerVariant.Listener("boot-record", "(f') spring-kafka record listener, protobuf deserializer",
								false, bootstrap, BOOT_PROTOBUF_LISTENER),
						new ConsumerVariant.Listener("record", "(f) starter record listener, protobuf", true, bootstrap,
								Map.of("bench.listener", "record")),
						new ConsumerVariant.Listener("batch", "(g) starter batch listener, protobuf", true, bootstrap,
								Map.of("bench.listener", "batch", "spring.kafka.listener.type", "batch")),
						new ConsumerVariant.Listener("boot-batch", "(g') spring-kafka batch listener, protobuf deserializer",
								false, bootstrap, bootBatch()));
				List<ProducerVariant> producers = selected(allProducers, ProducerVariant::id);
				List<ConsumerVariant> consumers = selected(allConsumers, ConsumerVariant::id);
				try {
					for (int size : this.sizes) {
						Payloads payloads = Payloads.of(size);
						print(String.format(Locale.ROOT, "payload %d B: protobuf %.1f B, JSON %d B (first record)", size,
								payloads.meanProtobufSize(),
								JsonMapper.shared().writeValueAsBytes(payloads.json()[0]).length));
						if (this.sections.contains("produce")) {
							Report report = produce(producers, payloads, topics, meter);
							markdown.append(report.table()).append('\n');
							print(report.table());
						}
						if (this.sections.contains("consume")) {
							Report report = consume(consumers, payloads, starterTemplate, topics, meter);
							markdown.append(report.table()).append('\n');
							print(report.table());
						}
					}
				}
				finally {
					allProducers.forEach(ProducerVariant::close);
				}
			}
		}
		Files.createDirectories(this.out);
		Path file = this.out.resolve("endtoend-" + started.replace(' ', 'T').replace(":", "") + ".md");
		Files.writeString(file, markdown);
		print("results: " + file.toAbsolutePath());
	}

	private Report produce(List<ProducerVariant> variants, Payloads payloads, BenchTopics topics, Meter meter)
			throws Exception {
		Report report = new Report("Producing " + this.records + " × " + payloads.size() + " B");
		Map<String, List<Double>> logBytesPerRecord = new LinkedHashMap<>();
		for (int round = 0; round < this.warmup + this.rounds; round++) {
			boolean measured = round >= this.warmup;
			for (ProducerVariant variant : variants) {
				String topic = "p" + payloads.size() + "-" + variant.id().replace('+', '-') + "-" + round;
				topics.create(topic);
				variant.prepare(topic);
				int count = variant.records(this.records);
				Meter.Reading start = meter.read();
				variant.send(topic, payloads, count);
				Meter.Sample sample = start.until(meter.read(), count);
				long landed = topics.count(topic);
				if (landed != count) {
					throw new IllegalStateException(variant.id() + " sent " + count + " records, " + landed + " landed");
				}
				double logBytes = (double) topics.logBytes(topic) / count;
				topics.delete(topic);
				log(measured, round, variant.id(), sample);
				if (measured) {
					report.add(variant.id(), variant.label(), sample);
					logBytesPerRecord.computeIfAbsent(variant.label(), (key) -> new ArrayList<>()).add(logBytes);
				}
			}
		}
		StringBuilder table = new StringBuilder("\n| variant | log bytes per record (median: record, headers, batch overhead, compressed) |\n|---|---:|\n");
		logBytesPerRecord.forEach((label, values) -> table.append("| ").append(label).append(" | ")
			.append(String.format(Locale.ROOT, "%.1f", values.stream().sorted().toList().get(values.size() / 2)))
			.append(" |\n"));
		report.note(table.toString());
		return report;
	}

	private Report consume(List<ConsumerVariant> variants, Payloads payloads, KafkaUtilsTemplate template,
			BenchTopics topics, Meter meter) throws Exception {
		// written once by the starter (protobuf with its standard headers) and read by every round
		String topic = "c" + payloads.size();
		topics.create(topic);
		for (int i = 0; i < this.records; i++) {
			int slot = i & Payloads.MASK;
			template.send(topic, payloads.keys()[slot], payloads.messages()[slot]);
		}
		template.flush();
		print("filled " + topic + " with " + topics.count(topic) + " records");
		Report report = new Report("Consuming " + this.records + " × " + payloads.size() + " B");
		for (int round = 0; round < this.warmup + this.rounds; round++) {
			boolean measured = round >= this.warmup;
			for (ConsumerVariant variant : variants) {
				String group = "g" + payloads.size() + "-" + variant.id() + "-" + round;
				Meter.Sample sample = variant.consume(topic, group, this.records, meter);
				log(measured, round, variant.id(), sample);
				if (measured) {
					report.add(variant.id(), variant.label(), sample);
				}
			}
		}
		topics.delete(topic);
		return report;
	}

	private <T> List<T> selected(List<T> all, Function<T, String> id) {
		if (this.variants.equals(List.of(""))) {
			return all;
		}
		return all.stream().filter((variant) -> this.variants.contains(id.apply(variant))).toList();
	}

	@SuppressWarnings("unchecked")
	private static KafkaTemplate<String, byte[]> bytesTemplate(ConfigurableApplicationContext context) {
		return context.getBean(KafkaTemplate.class);
	}

	private String describe() {
		Runtime runtime = Runtime.getRuntime();
		return String.format(Locale.ROOT,
				"records %,d per round, %d warm-up + %d measured rounds, sizes %s B, %d partitions, observed variants send %.0f%%; "
						+ "%d CPUs, JVM %s %s, heap max %d MiB, args %s",
				this.records, this.warmup, this.rounds, Arrays.toString(this.sizes), this.partitions,
				this.observedShare * 100, runtime.availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), runtime.maxMemory() >> 20,
				ManagementFactory.getRuntimeMXBean().getInputArguments());
	}

	private static void log(boolean measured, int round, String variant, Meter.Sample sample) {
		print(String.format(Locale.ROOT,
				"%s %d %-20s %,10.0f rec/s  client %6.2f µs/rec  broker %6.2f µs/rec  alloc %,7.0f B/rec  gc %4d ms  %5.1f s",
				measured ? "round" : "warm ", round, variant, sample.recordsPerSecond(),
				sample.clientCpuMicrosPerRecord(), sample.brokerCpuMicrosPerRecord(), sample.allocatedBytesPerRecord(),
				sample.gcMillis(), sample.seconds()));
	}

	private static void print(String line) {
		System.out.println(line);
		System.out.flush();
	}

}
