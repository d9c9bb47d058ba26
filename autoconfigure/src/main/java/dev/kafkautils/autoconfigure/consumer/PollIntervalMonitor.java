package dev.kafkautils.autoconfigure.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Notices a record listener that takes longer than {@code max.poll.interval.ms} over the
 * records of one poll. Kafka's consumer then leaves its group, the partitions go to other
 * members (or back to it when it polls again), and the records of that poll are
 * delivered again because their offsets could not be committed. Each such breach is
 * logged once (WARN), counted ({@link #exceeded()}, the
 * {@code kafka.utils.consumer.poll.interval.exceeded} meter) and kept as the
 * {@link #lastBreach()} that the {@code kafka} health indicator shows.
 * <p>
 * Measured by its {@link #recordInterceptor()} on each container thread from the first
 * record of a poll to the start of the next poll (spring-kafka calls
 * {@code setupThreadState} just before it polls); a poll
 * that returns nothing is not processing and is not counted. Costs a thread-local read
 * per record and allocates nothing but a breach. Deliberately not a
 * {@code RecordInterceptor} bean itself: Spring Boot hands its container factory a
 * {@code RecordInterceptor} bean only when there is exactly one.
 */
public final class PollIntervalMonitor {

	private static final Log logger = LogFactory.getLog(PollIntervalMonitor.class);

	private final long maxPollIntervalNanos;

	private final long maxPollIntervalMs;

	/** Per container thread: when processing of the current poll's records started, 0 when idle. */
	private final ThreadLocal<long[]> processingSince = ThreadLocal.withInitial(() -> new long[1]);

	private final AtomicLong exceeded = new AtomicLong();

	private volatile @Nullable Breach lastBreach;

	/**
	 * @param maxPollInterval the consumers' {@code max.poll.interval.ms}
	 */
	public PollIntervalMonitor(Duration maxPollInterval) {
		this.maxPollIntervalNanos = maxPollInterval.toNanos();
		this.maxPollIntervalMs = maxPollInterval.toMillis();
	}

	private final RecordInterceptor<Object, Object> interceptor = new Interceptor();

	/** @return the interceptor that times the polls, for every record listener container */
	public RecordInterceptor<Object, Object> recordInterceptor() {
		return this.interceptor;
	}

	private void recordStarts() {
		long[] since = this.processingSince.get();
		if (since[0] == 0) {
			since[0] = System.nanoTime();
		}
	}

	private void pollStarts(Consumer<?, ?> consumer) {
		long[] since = this.processingSince.get();
		long started = since[0];
		if (started == 0) {
			return;
		}
		since[0] = 0;
		long took = System.nanoTime() - started;
		if (took > this.maxPollIntervalNanos) {
			breach(consumer, Duration.ofNanos(took));
		}
	}

	private void breach(Consumer<?, ?> consumer, Duration took) {
		String group = groupId(consumer);
		Breach breach = new Breach(group, took, this.maxPollIntervalMs, Instant.now());
		this.lastBreach = breach;
		this.exceeded.incrementAndGet();
		logger.warn("Listener of group " + group + " took " + took.toMillis() + " ms over the records of one poll, "
				+ "more than " + ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG + " (" + this.maxPollIntervalMs
				+ " ms): the consumer left its group, its partitions were reassigned and the records of that poll "
				+ "are delivered again. Make the listener faster, lower " + ConsumerConfig.MAX_POLL_RECORDS_CONFIG
				+ " or raise " + ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG + ".");
	}

	private static String groupId(Consumer<?, ?> consumer) {
		try {
			return consumer.groupMetadata().groupId();
		}
		catch (RuntimeException ex) {
			return "(none)";
		}
	}

	/** @return how many times a listener took longer than {@code max.poll.interval.ms} */
	public long exceeded() {
		return this.exceeded.get();
	}

	/** @return the latest breach, {@code null} when there was none */
	public @Nullable Breach lastBreach() {
		return this.lastBreach;
	}

	private final class Interceptor implements RecordInterceptor<Object, Object> {

		@Override
		public @Nullable ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
				Consumer<Object, Object> consumer) {
			recordStarts();
			return record;
		}

		@Override
		public void setupThreadState(Consumer<?, ?> consumer) {
			pollStarts(consumer);
		}

	}

	/**
	 * A listener that took longer than {@code max.poll.interval.ms} over one poll.
	 * @param group the consumer group
	 * @param took how long the records of the poll took
	 * @param maxPollIntervalMs the limit
	 * @param at when it was noticed
	 */
	public record Breach(String group, Duration took, long maxPollIntervalMs, Instant at) {

		@Override
		public String toString() {
			return "group " + this.group + ": " + this.took.toMillis() + " ms over one poll, max.poll.interval.ms "
					+ this.maxPollIntervalMs + ", at " + this.at;
		}

	}

}
