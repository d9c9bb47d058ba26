package dev.kafkautils.autoconfigure.share;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * What share listeners report for their meters: each delivery's outcome and time, and
 * what the failure handling did with a failed record. Implemented with Micrometer when
 * it is present ({@code kafka.utils.share.*} meters); a no-op otherwise.
 */
public interface ShareListenerMetrics {

	/** Reports nothing. */
	ShareListenerMetrics NONE = new ShareListenerMetrics() {
	};

	/**
	 * The listener returned.
	 * @param record the record
	 * @param group the share group
	 * @param nanos the listener's time
	 */
	default void processed(ConsumerRecord<?, ?> record, @Nullable String group, long nanos) {
	}

	/**
	 * The listener threw.
	 * @param record the record
	 * @param group the share group
	 * @param nanos the listener's time
	 */
	default void failed(ConsumerRecord<?, ?> record, @Nullable String group, long nanos) {
	}

	/**
	 * A failed record was released for redelivery.
	 * @param record the record
	 * @param group the share group
	 * @param cause the listener's exception
	 */
	default void released(ConsumerRecord<?, ?> record, @Nullable String group, @Nullable Throwable cause) {
	}

	/**
	 * A failed record was rejected (archived by the broker) without a dead-letter copy.
	 * @param record the record
	 * @param group the share group
	 * @param cause the listener's exception
	 */
	default void rejected(ConsumerRecord<?, ?> record, @Nullable String group, @Nullable Throwable cause) {
	}

	/**
	 * A failed record was published to its dead-letter topic and accepted.
	 * @param record the record
	 * @param group the share group
	 * @param cause the listener's exception
	 */
	default void deadLettered(ConsumerRecord<?, ?> record, @Nullable String group, @Nullable Throwable cause) {
	}

}
