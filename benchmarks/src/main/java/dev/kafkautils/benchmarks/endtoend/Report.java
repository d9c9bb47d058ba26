package dev.kafkautils.benchmarks.endtoend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.kafkautils.benchmarks.support.Meter.Sample;

/**
 * The measured rounds of one section (producing or consuming, one payload size) and
 * their summary: medians, and ratios to the section's two baselines (its first two
 * variants), both as a ratio of medians and as the median of per-round ratios (each round
 * runs every variant back to back, so a per-round ratio cancels slow drifts of the
 * machine).
 */
final class Report {

	private final String title;

	private final Map<String, String> labels = new LinkedHashMap<>();

	private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

	private final StringBuilder notes = new StringBuilder();

	Report(String title) {
		this.title = title;
	}

	/** Markdown printed after the table. */
	void note(String markdown) {
		this.notes.append(markdown);
	}

	void add(String id, String label, Sample sample) {
		this.labels.put(id, label);
		this.samples.computeIfAbsent(id, (key) -> new ArrayList<>()).add(sample);
	}

	String title() {
		return this.title;
	}

	double medianRate(String id) {
		return median(this.samples.get(id), Sample::recordsPerSecond);
	}

	double medianCpu(String id) {
		return median(this.samples.get(id), Sample::clientCpuMicrosPerRecord);
	}

	/** Median over rounds of the variant's rate divided by the baseline's rate in the same round. */
	double pairedRateRatio(String id, String baseline) {
		List<Sample> mine = this.samples.get(id);
		List<Sample> theirs = this.samples.get(baseline);
		int rounds = Math.min(mine.size(), theirs.size());
		double[] ratios = new double[rounds];
		for (int i = 0; i < rounds; i++) {
			ratios[i] = mine.get(i).recordsPerSecond() / theirs.get(i).recordsPerSecond();
		}
		return median(ratios);
	}

	/** A Markdown table. */
	String table() {
		List<String> ids = new ArrayList<>(this.labels.keySet());
		String first = ids.get(0);
		String second = ids.get(Math.min(1, ids.size() - 1));
		StringBuilder out = new StringBuilder();
		out.append("#### ").append(this.title).append("\n\n");
		out.append("| variant | records/s (median) | min–max | × ").append(first).append(" | × ").append(second)
			.append(" | paired × ").append(second).append(" | client CPU µs/rec | CPU × ").append(second)
			.append(" | broker CPU µs/rec | alloc B/rec | GC ms/round |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String id : ids) {
			List<Sample> rounds = this.samples.get(id);
			double rate = medianRate(id);
			out.append(String.format(Locale.ROOT,
					"| %s | %,.0f | %,.0f–%,.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %,.0f | %.0f |%n",
					this.labels.get(id), rate, min(rounds, Sample::recordsPerSecond),
					max(rounds, Sample::recordsPerSecond), rate / medianRate(first), rate / medianRate(second),
					pairedRateRatio(id, second), medianCpu(id), medianCpu(id) / medianCpu(second),
					median(rounds, Sample::brokerCpuMicrosPerRecord),
					median(rounds, Sample::allocatedBytesPerRecord), median(rounds, (s) -> s.gcMillis())));
		}
		return out.append(this.notes).toString();
	}

	private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
		return median(samples.stream().mapToDouble(value).toArray());
	}

	private static double min(List<Sample> samples, ToDoubleFunction<Sample> value) {
		return samples.stream().mapToDouble(value).min().orElse(Double.NaN);
	}

	private static double max(List<Sample> samples, ToDoubleFunction<Sample> value) {
		return samples.stream().mapToDouble(value).max().orElse(Double.NaN);
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
