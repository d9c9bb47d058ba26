package dev.kafkautils.autoconfigure.errors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a failed record is retried before it is dead-lettered, under
 * {@code kafka.utils.retry}.
 */
@ConfigurationProperties(RetryProperties.PREFIX)
public class RetryProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".retry";

	/** Total delivery attempts per record, the first included; 1 means no retry. */
	private int maxAttempts = 3;

	/** Where retries happen: in the listener container (blocking) or through retry topics. */
	private Mode mode = Mode.BLOCKING;

	/** Back-off between attempts. */
	private final Backoff backoff = new Backoff();

	/** How batch listeners' failures are traced to records. */
	private final Batch batch = new Batch();

	/**
	 * Exception classes (fully qualified names) that go to the dead-letter topic at once,
	 * in addition to spring-kafka's own list (deserialisation and conversion failures,
	 * ClassCastException, ...) and validation failures.
	 */
	private List<String> nonRetryable = new ArrayList<>();

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	public Batch getBatch() {
		return this.batch;
	}

	public List<String> getNonRetryable() {
		return this.nonRetryable;
	}

	public void setNonRetryable(List<String> nonRetryable) {
		this.nonRetryable = nonRetryable;
	}

	/**
	 * Where retries happen.
	 */
	public enum Mode {

		/** Retry in the listener container; the partition waits for the record. */
		BLOCKING,

		/** Retry through delayed retry topics; the partition moves on. */
		TOPICS

	}

	/**
	 * Batch listeners.
	 */
	public static class Batch {

		/**
		 * What happens when a batch listener throws an exception that names no record (not a
		 * BatchListenerFailedException): split finds the failing records by delivering halves
		 * of the batch again, and retries and dead-letters only those; whole-batch leaves it to
		 * spring-kafka, which retries the whole batch and then dead-letters every record of it.
		 */
		private BatchStrategy strategy = BatchStrategy.SPLIT;

		public BatchStrategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(BatchStrategy strategy) {
			this.strategy = strategy;
		}

	}

	/**
	 * How a batch listener's exception that names no record is traced to records.
	 */
	public enum BatchStrategy {

		/** Deliver halves of the failed part again until the failing record is alone. */
		SPLIT,

		/** spring-kafka's handling: retry the whole batch, then dead-letter all of it. */
		WHOLE_BATCH

	}

	/**
	 * Exponential back-off.
	 */
	public static class Backoff {

		/** Delay before the first retry. */
		private Duration initial = Duration.ofSeconds(1);

		/** Factor applied to the delay after each retry. */
		private double multiplier = 2.0;

		/** Longest delay between two attempts. */
		private Duration max = Duration.ofSeconds(30);

		/** Random jitter added to or subtracted from each delay; zero for none. */
		private Duration jitter = Duration.ZERO;

		public Duration getInitial() {
			return this.initial;
		}

		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

	}

}
