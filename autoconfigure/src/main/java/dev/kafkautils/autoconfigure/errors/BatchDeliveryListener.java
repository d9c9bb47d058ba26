package dev.kafkautils.autoconfigure.errors;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Told of every delivery of records to a batch listener, on the consumer thread: each
 * whole batch and, while kafka-utils traces a failure to its record, each part of a
 * batch delivered again. The kafka-utils batch meters are one such bean. A delivery that
 * fails because a record could not be read is not reported as finished: the listener did
 * not run, and the batch is delivered again without that record.
 * <p>
 * Called on the listener's hot path: keep it short and allocation-free.
 */
public interface BatchDeliveryListener {

	/**
	 * The listener is about to get these records.
	 * @param records the records, in delivery order
	 */
	default void delivering(List<? extends ConsumerRecord<?, ?>> records) {
	}

	/**
	 * The listener returned or threw.
	 * @param records the records it got
	 * @param nanos the time it took
	 * @param failure what it threw, {@code null} when it returned
	 */
	default void delivered(List<? extends ConsumerRecord<?, ?>> records, long nanos, @Nullable Throwable failure) {
	}

}
