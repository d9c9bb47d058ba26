package dev.kafkautils.autoconfigure.errors;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Headers kafka-utils adds to dead-lettered and replayed records, beside spring-kafka's
 * own {@code kafka_dlt-*} headers.
 */
public final class DeadLetterHeaders {

	/** The service that dead-lettered the record. */
	public static final String SERVICE = KafkaHeaders.PREFIX + "dlt-service";

	/** How many delivery attempts the record had before it was dead-lettered. */
	public static final String DELIVERY_ATTEMPTS = KafkaHeaders.PREFIX + "dlt-delivery-attempts";

	/** Why the record was dead-lettered: non-retryable, retries-exhausted or undeserialisable. */
	public static final String REASON = KafkaHeaders.PREFIX + "dlt-reason";

	/**
	 * How often a record was replayed from a dead-letter topic. Deliberately outside the
	 * {@code kafka_dlt-} prefix: it travels with the record back to its topic and, should it
	 * fail again, into the dead-letter topic as one of the original headers.
	 */
	public static final String REPLAY_COUNT = KafkaHeaders.PREFIX + "replay-count";

	/** Prefix of the headers that describe one dead-lettering; removed when a record is replayed. */
	static final String DEAD_LETTER_PREFIX = KafkaHeaders.PREFIX + "dlt-";

	private DeadLetterHeaders() {
	}

}
