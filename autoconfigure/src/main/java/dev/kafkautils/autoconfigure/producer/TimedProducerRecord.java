package dev.kafkautils.autoconfigure.producer;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * A record that remembers when it was handed to the template, so the send callback can
 * time it without a per-send context object: the template allocates this record instead
 * of a plain one, which costs one long and one int.
 * <p>
 * Its outcome is reported exactly once: the producer's callback and a send that fails
 * before the producer takes the record can both see it, sometimes on different threads.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class TimedProducerRecord<K, V> extends ProducerRecord<K, V> {

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<TimedProducerRecord> REPORTED = AtomicIntegerFieldUpdater
		.newUpdater(TimedProducerRecord.class, "reported");

	private final long sendNanos;

	private volatile int reported;

	TimedProducerRecord(String topic, @Nullable Integer partition, @Nullable Long timestamp, @Nullable K key,
			@Nullable V value, @Nullable Iterable<Header> headers) {
		super(topic, partition, timestamp, key, value, headers);
		this.sendNanos = System.nanoTime();
	}

	static <K, V> TimedProducerRecord<K, V> copyOf(ProducerRecord<K, V> record) {
		return new TimedProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
				record.value(), record.headers());
	}

	long elapsedNanos() {
		return System.nanoTime() - this.sendNanos;
	}

	/**
	 * @return {@code true} for the first caller only: that caller reports the outcome
	 */
	boolean claimOutcome() {
		return REPORTED.compareAndSet(this, 0, 1);
	}

}
