package dev.kafkautils.autoconfigure.errors;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The structured failure event written to the error-event topic for every dead-lettered
 * record, as JSON.
 *
 * @param service the service that dead-lettered the record
 * @param topic the record's topic
 * @param partition the record's partition
 * @param offset the record's offset
 * @param key the record's key, as text when it is text
 * @param group the consumer group
 * @param exceptionClass the class of the exception that failed the record (the listener's,
 * not the container's wrapper)
 * @param message that exception's message
 * @param reason non-retryable, retries-exhausted or undeserialisable
 * @param attempts delivery attempts made
 * @param deadLetterTopic where the record went
 * @param timestamp when it was dead-lettered
 */
public record FailureEvent(String service, String topic, int partition, long offset, @Nullable String key,
		@Nullable String group, String exceptionClass, @Nullable String message, String reason, int attempts,
		String deadLetterTopic, Instant timestamp) {

}
