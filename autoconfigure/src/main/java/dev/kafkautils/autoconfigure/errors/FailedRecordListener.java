package dev.kafkautils.autoconfigure.errors;

/**
 * Told of every record kafka-utils' recoverers publish: to a dead-letter topic, in either
 * retry mode, or to the next retry topic in retry-topic mode. Every bean of this type is
 * called, on the consumer thread, once the publish succeeded; keep it short. The
 * kafka-utils meters for retried and dead-lettered records are one.
 */
public interface FailedRecordListener {

	/**
	 * The record is in its dead-letter topic.
	 * @param failed the record and why
	 */
	void deadLettered(FailedRecord failed);

	/**
	 * The record moved on to a retry topic, where it is retried after a delay.
	 * @param failed the record and why
	 */
	default void sentToRetryTopic(FailedRecord failed) {
	}

}
