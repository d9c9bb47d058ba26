package dev.kafkautils.autoconfigure.producer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.ProducerListener;

/**
 * Sits in a template's single {@link ProducerListener} slot: reports each record's
 * outcome to the {@link SendListener}s, then hands it to the producer listener the
 * application configured (Spring Boot's {@code LoggingProducerListener} by default).
 * Loops over an array so the callback allocates nothing.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class TimingProducerListener<K, V> implements ProducerListener<K, V> {

	private static final long ALREADY_REPORTED = Long.MIN_VALUE;

	private final SendListener[] sendListeners;

	private final @Nullable ProducerListener<K, V> delegate;

	TimingProducerListener(SendListener[] sendListeners, @Nullable ProducerListener<K, V> delegate) {
		this.sendListeners = sendListeners;
		this.delegate = delegate;
	}

	@Override
	public void onSuccess(ProducerRecord<K, V> record, RecordMetadata metadata) {
		long elapsed = elapsedIfFirst(record);
		if (elapsed != ALREADY_REPORTED) {
			for (SendListener listener : this.sendListeners) {
				listener.acknowledged(record, metadata, elapsed);
			}
		}
		if (this.delegate != null) {
			this.delegate.onSuccess(record, metadata);
		}
	}

	@Override
	public void onError(ProducerRecord<K, V> record, @Nullable RecordMetadata metadata, Exception exception) {
		long elapsed = elapsedIfFirst(record);
		if (elapsed != ALREADY_REPORTED) {
			reportFailure(this.sendListeners, record, exception, elapsed);
		}
		if (this.delegate != null) {
			this.delegate.onError(record, metadata, exception);
		}
	}

	private static long elapsedIfFirst(ProducerRecord<?, ?> record) {
		if (record instanceof TimedProducerRecord<?, ?> timed) {
			return timed.claimOutcome() ? timed.elapsedNanos() : ALREADY_REPORTED;
		}
		return -1;
	}

	static void reportFailure(SendListener[] listeners, ProducerRecord<?, ?> record, Exception exception,
			long elapsedNanos) {
		for (SendListener listener : listeners) {
			listener.failed(record, exception, elapsedNanos);
		}
	}

}
