package dev.kafkautils.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's {@code /actuator/prometheus} after a few orders, a retried order and a
 * poison pill: every kafka-utils meter is there, the scrape is valid Prometheus text
 * format, and {@code promtool check metrics} finds nothing to lint in the kafka-utils
 * families.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleObservabilityTests {

	/** Every sample name the kafka-utils meters produce, as Prometheus shows them. */
	static final List<String> KAFKA_UTILS_SAMPLES = List.of("kafka_utils_producer_records_total",
			"kafka_utils_producer_latency_seconds_bucket", "kafka_utils_producer_latency_seconds_count",
			"kafka_utils_producer_latency_seconds_sum", "kafka_utils_producer_latency_seconds_max",
			"kafka_utils_consumer_records_total", "kafka_utils_consumer_processing_seconds_bucket",
			"kafka_utils_consumer_processing_seconds_count", "kafka_utils_consumer_processing_seconds_sum",
			"kafka_utils_consumer_processing_seconds_max", "kafka_utils_consumer_retries_total",
			"kafka_utils_consumer_dead_lettered_total", "kafka_utils_consumer_lag_records",
			"kafka_utils_share_records_total", "kafka_utils_share_processing_seconds_count",
			"kafka_utils_share_released_total", "kafka_utils_share_dead_lettered_total");

	private static final Pattern SAMPLE = Pattern
		.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: (-?\\d+))?$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	private static final Pattern TYPE = Pattern
		.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$");

	private static final Pattern HELP = Pattern.compile("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$");

	private static volatile boolean trafficSent;

	@LocalServerPort
	private int port;

	private SampleAppClient client;

	@BeforeEach
	void client() {
		this.client = new SampleAppClient(this.port);
	}

	@Test
	void everyKafkaUtilsMeterIsScrapedAfterAFewOrdersARetryAndAPoisonPill() {
		String scrape = scrapeAfterTraffic();
		Map<String, Double> orders = samples(scrape, "topic=\"orders\"");
		assertThat(orders.get("kafka_utils_producer_records_total")).isGreaterThanOrEqualTo(4);
		assertThat(orders.get("kafka_utils_producer_latency_seconds_count")).isGreaterThanOrEqualTo(4);
		assertThat(orders.get("kafka_utils_consumer_records_total")).isGreaterThanOrEqualTo(3);
		assertThat(orders.get("kafka_utils_consumer_retries_total")).isGreaterThanOrEqualTo(1);
		assertThat(orders.get("kafka_utils_consumer_dead_lettered_total")).isGreaterThanOrEqualTo(1);
		assertThat(scrape).containsPattern("kafka_utils_consumer_lag_records\\{group=\"sample-app\",partition=\"\\d\","
				+ "topic=\"orders\"} 0\\.0");
		assertThat(scrape).contains("kafka_utils_consumer_dead_lettered_total{exception=\"");
	}

	@Test
	void scrapeIsValidPrometheusTextFormatWithOneSetOfLabelNamesPerFamily() {
		String scrape = scrapeAfterTraffic();
		Map<String, Set<Set<String>>> labelNamesByFamily = new TreeMap<>();
		Map<String, String> helpByFamily = new HashMap<>();
		Set<String> series = new HashSet<>();
		String family = null;
		for (String line : scrape.split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			Matcher type = TYPE.matcher(line);
			Matcher help = HELP.matcher(line);
			if (type.matches()) {
				family = type.group(1);
				continue;
			}
			if (help.matches()) {
				helpByFamily.put(help.group(1), help.group(2));
				continue;
			}
			assertThat(line).as("comment line").doesNotStartWith("# TYPE").doesNotStartWith("# HELP");
			if (line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line);
			assertThat(sample.matches()).as("sample line: " + line).isTrue();
			assertThat(family).as("TYPE before " + line).isNotNull();
			assertThat(sample.group(1)).as("sample of family " + family).startsWith(family);
			parseValue(sample.group(3), line);
			Map<String, String> labels = parseLabels(sample.group(2), line);
			assertThat(series.add(sample.group(1) + new TreeMap<>(labels))).as("duplicate series " + line).isTrue();
			Set<String> names = new HashSet<>(labels.keySet());
			names.remove("le");
			names.remove("quantile");
			labelNamesByFamily.computeIfAbsent(family, (key) -> new HashSet<>()).add(names);
		}
		labelNamesByFamily.forEach((name, labelNames) -> assertThat(labelNames)
			.as("label names of " + name + " (Prometheus rejects a family whose series differ)")
			.hasSize(1));
		labelNamesByFamily.keySet()
			.stream()
			.filter((name) -> name.startsWith("kafka_utils_"))
			.forEach((name) -> assertThat(helpByFamily.get(name)).as("HELP of " + name).isNotBlank());
		// every kafka-utils family but producer failures, which appears with the first failed send, and
		// rejected share records, which appear only with dead-lettering off
		assertThat(labelNamesByFamily.keySet()).filteredOn((name) -> name.startsWith("kafka_utils_"))
			.containsExactlyInAnyOrder("kafka_utils_producer_records_total", "kafka_utils_producer_latency_seconds",
					"kafka_utils_producer_latency_seconds_max", "kafka_utils_consumer_records_total",
					"kafka_utils_consumer_processing_seconds", "kafka_utils_consumer_processing_seconds_max",
					"kafka_utils_consumer_retries_total", "kafka_utils_consumer_dead_lettered_total",
					"kafka_utils_consumer_lag_records", "kafka_utils_consumer_poll_interval_exceeded_total",
					"kafka_utils_share_records_total",
					"kafka_utils_share_processing_seconds", "kafka_utils_share_processing_seconds_max",
					"kafka_utils_share_released_total", "kafka_utils_share_dead_lettered_total",
					"kafka_utils_rpc_client_requests_seconds", "kafka_utils_rpc_client_requests_seconds_max",
					"kafka_utils_rpc_client_late_replies_total");
	}

	@Test
	void promtoolFindsNothingToLintInTheKafkaUtilsFamilies() throws Exception {
		Path promtool = onPath("promtool");
		assumeThat(promtool).as("promtool on PATH (Debian package prometheus)").isNotNull();
		String scrape = scrapeAfterTraffic();
		Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		process.getInputStream().transferTo(output);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String findings = output.toString(StandardCharsets.UTF_8);
		List<String> ours = findings.lines().filter((line) -> line.contains("kafka_utils")).toList();
		assertThat(ours).as("promtool findings:\n" + findings).isEmpty();
		// promtool did read the families: a deliberately bad one is reported
		String bad = "# HELP kafka_utils_bad_ms x\n# TYPE kafka_utils_bad_ms counter\nkafka_utils_bad_ms 1\n";
		assertThat(lint(promtool, bad)).contains("kafka_utils_bad_ms");
	}

	/** Orders, one of them retried, and a poison pill, once per test run; then a scrape with every meter. */
	private String scrapeAfterTraffic() {
		if (!trafficSent) {
			this.client.placeOrderAndAwaitConsumed("customer-1", 1200, "EUR");
			this.client.placeOrderAndAwaitConsumed("customer-2", 3400, "USD");
			this.client.placeOrderAndAwaitConsumed("flaky-customer", 500, "EUR");
			assertThat(this.client.postJson("/orders/poison", "").statusCode()).isEqualTo(202);
			// the work queue: a job done, and one that fails until it is dead-lettered
			assertThat(this.client.postJson("/jobs", "{\"task\": \"resize\"}").statusCode()).isEqualTo(202);
			assertThat(this.client.postJson("/jobs", "{\"task\": \"fail\"}").statusCode()).isEqualTo(202);
			trafficSent = true;
		}
		return await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(this::scrape, (scrape) -> KAFKA_UTILS_SAMPLES.stream().allMatch(scrape::contains)
					&& scrape.contains("kafka_utils_consumer_dead_lettered_total{"));
	}

	private String scrape() {
		HttpResponse<String> response = this.client.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/** Sums of the samples whose labels contain the given text, by sample name. */
	private static Map<String, Double> samples(String scrape, String labelText) {
		Map<String, Double> sums = new HashMap<>();
		for (String line : scrape.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (sample.matches() && sample.group(2) != null && sample.group(2).contains(labelText)) {
				sums.merge(sample.group(1), parseValue(sample.group(3), line), Double::sum);
			}
		}
		return sums;
	}

	private static double parseValue(String value, String line) {
		return switch (value) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "NaN" -> Double.NaN;
			default -> {
				try {
					yield Double.parseDouble(value);
				}
				catch (NumberFormatException ex) {
					yield fail("value of " + line);
				}
			}
		};
	}

	private static Map<String, String> parseLabels(String labels, String line) {
		Map<String, String> parsed = new HashMap<>();
		if (labels == null) {
			return parsed;
		}
		Matcher label = LABEL.matcher(labels);
		int position = 0;
		while (position < labels.length()) {
			assertThat(label.find(position) && label.start() == position).as("labels of " + line).isTrue();
			assertThat(parsed.put(label.group(1), label.group(2))).as("label repeated in " + line).isNull();
			position = label.end();
		}
		return parsed;
	}

	private static String lint(Path promtool, String metrics) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write(metrics.getBytes(StandardCharsets.UTF_8));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(30, TimeUnit.SECONDS);
		return output;
	}

	private static Path onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		return Stream.of(path.split(java.io.File.pathSeparator))
			.map((directory) -> Path.of(directory, command))
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
	}

}
