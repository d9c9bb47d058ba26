package dev.kafkautils.benchmarks.startup;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.benchmarks.support.BenchmarkBroker;
import dev.kafkautils.test.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Time to a started context, the starter against Spring Boot's Kafka support alone: a
 * fresh JVM per start ({@link StartupApplication}), the two alternating, against one
 * broker process. Reports the medians of {@code SpringApplication.run} and of JVM uptime
 * at that point, and the starter's overhead as their difference. One extra start of each,
 * not counted, prints the slowest start-up steps.
 * <p>
 * Settings: {@code startup.runs} (10 starts of each), {@code startup.warmup} (2 of each,
 * not counted: the first starts read the jars from disk), {@code startup.modes}
 * (boot,starter; also starter-no-verify, starter-no-provisioning,
 * starter-no-verify-no-provisioning).
 */
public final class StartupBenchmark {

	public static void main(String[] args) throws Exception {
		int runs = Integer.getInteger("startup.runs", 10);
		int warmup = Integer.getInteger("startup.warmup", 2);
		String topic = "startup-events";
		try (KafkaCluster broker = BenchmarkBroker.start("512m")) {
			try (Admin admin = broker.admin()) {
				admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
			}
			Map<String, List<long[]>> results = new LinkedHashMap<>();
			for (String mode : System.getProperty("startup.modes", "boot,starter").split(",")) {
				results.put(mode.trim(), new ArrayList<>());
			}
			for (int run = 0; run < warmup + runs; run++) {
				for (String mode : results.keySet()) {
					long[] result = start(mode, broker.bootstrapServers(), topic, false);
					System.out.printf(Locale.ROOT, "%s %2d %-7s run %5d ms, JVM uptime %5d ms%n",
							(run < warmup) ? "warm " : "start", run, mode, result[0], result[1]);
					if (run >= warmup) {
						results.get(mode).add(result);
					}
				}
			}
			long[] boot = medians(results.get("boot"));
			System.out.println();
			System.out.println("| context | SpringApplication.run (median ms) | JVM uptime at ready (median ms) | "
					+ "overhead over Boot alone (run / uptime, ms) |");
			System.out.println("|---|---:|---:|---:|");
			for (Map.Entry<String, List<long[]>> mode : results.entrySet()) {
				long[] median = medians(mode.getValue());
				System.out.printf(Locale.ROOT, "| %s | %d | %d | %+d / %+d |%n", describe(mode.getKey()), median[0],
						median[1], median[0] - boot[0], median[1] - boot[1]);
			}
			System.out.println();
			for (String mode : List.of("boot", "starter")) {
				System.out.println("slowest steps, " + mode + ":");
				start(mode, broker.bootstrapServers(), topic, true);
			}
		}
	}

	private static String describe(String mode) {
		return switch (mode) {
			case "boot" -> "Spring Boot's Kafka support alone";
			case "starter" -> "with the starter";
			default -> "with the starter, " + mode.substring("starter-".length());
		};
	}

	/** Start one JVM; returns {run ms, uptime ms}. */
	private static long[] start(String mode, String bootstrapServers, String topic, boolean steps) throws Exception {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-cp",
				System.getProperty("java.class.path"), StartupApplication.class.getName(), mode, bootstrapServers,
				topic));
		if (steps) {
			command.add("steps");
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		long[] result = null;
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("READY ")) {
					String[] parts = line.split(" ");
					result = new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[2]) };
				}
				else if (line.startsWith("STEP ")) {
					System.out.println("  " + line.substring(5));
				}
				else {
					output.append(line).append('\n');
				}
			}
		}
		process.waitFor(60, TimeUnit.SECONDS);
		if (result == null) {
			throw new IllegalStateException(mode + " did not start:\n" + output);
		}
		return result;
	}

	private static long[] medians(List<long[]> results) {
		long[] medians = new long[2];
		for (int i = 0; i < 2; i++) {
			final int column = i;
			long[] values = results.stream().mapToLong((result) -> result[column]).sorted().toArray();
			int middle = values.length / 2;
			medians[i] = (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
		}
		return medians;
	}

	private StartupBenchmark() {
	}

}
