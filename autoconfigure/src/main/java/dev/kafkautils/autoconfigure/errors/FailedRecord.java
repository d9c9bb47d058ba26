package dev.kafkautils.autoconfigure.errors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * A record the error handling gave up on where it was consumed: published to its
 * dead-letter topic or, in retry-topic mode, moved on to the next retry topic.
 *
 * @param record the record as consumed (in retry-topic mode, from a retry topic)
 * @param sourceTopic the topic the record was first consumed from, its source topic
 * @param sourcePartition its partition there
 * @param sourceOffset its offset there
 * @param group the consumer group of the source topic's listener, {@code null} when
 * unknown
 * @param cause the listener's exception, without spring-kafka's wrapper
 * @param reason why: {@code non-retryable}, {@code retries-exhausted},
 * {@code undeserialisable}, or {@code retry} for a move to a retry topic
 * @param attempts the delivery attempts the record had, this one included
 * @param destination the topic it was published to
 */
public record FailedRecord(ConsumerRecord<?, ?> record, String sourceTopic, int sourcePartition, long sourceOffset,
		@Nullable String group, Throwable cause, String reason, int attempts, String destination) {

}
