package dev.kafkautils.autoconfigure.producer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.ProducerListener;

/**
 * Sits in the template's single {@link ProducerListener} slot: reports each record's
 * outcome to the {@link SendListener}s, then hands it to the producer listener the
 * application configured (Spring Boot's {@code LoggingProducerListener} by default).
 * Loops over an array so the callback allocates nothing.
 */
final class TimingProducerListener implements ProducerListener<String, Object> {

	private static final long ALREADY_REPORTED = Long.MIN_VALUE;

	private final SendListener[] sendListeners;

	private final @Nullable ProducerListener<String, Object> delegate;

	TimingProducerListener(SendListener[] sendListeners, @Nullable ProducerListener<String, Object> delegate) {
		this.sendListeners = sendListeners;
		this.delegate = delegate;
	}

	@Override
	public void onSuccess(ProducerRecord<String, Object> record, RecordMetadata metadata) {
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
	public void onError(ProducerRecord<String, Object> record, @Nullable RecordMetadata metadata,
			Exception exception) {
		long elapsed = elapsedIfFirst(record);
		if (elapsed != ALREADY_REPORTED) {
			reportFailure(this.sendListeners, record, exception, elapsed);
		}
		if (this.delegate != null) {
			this.delegate.onError(record, metadata, exception);
		}
	}

	private static long elapsedIfFirst(ProducerRecord<String, Object> record) {
		if (record instanceof TimedProducerRecord timed) {
			return timed.claimOutcome() ? timed.elapsedNanos() : ALREADY_REPORTED;
		}
		return -1;
	}

	static void reportFailure(SendListener[] listeners, ProducerRecord<String, Object> record, Exception exception,
			long elapsedNanos) {
		for (SendListener listener : listeners) {
			listener.failed(record, exception, elapsedNanos);
		}
	}

}
