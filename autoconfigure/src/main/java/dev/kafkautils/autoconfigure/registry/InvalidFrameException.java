package dev.kafkautils.autoconfigure.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Thrown when the schema frame of a record cannot be read: the bytes are not in the
 * Confluent wire format (wrong magic byte, too short), a varint is truncated or longer
 * than five bytes, a count or an index is negative or larger than the bytes that follow
 * could hold, or the message-index path names a message type that the record's schema
 * file does not have. It is the only exception the frame reader throws for bad input,
 * and it is thrown before anything is allocated by a length read from the record.
 * <p>
 * It is a Kafka {@link SerializationException}, the exception a Kafka
 * {@code Deserializer} throws for bytes it cannot read: spring-kafka's
 * {@code ErrorHandlingDeserializer} turns it into a {@code DeserializationException}
 * carrying the record's bytes, and kafka-utils' payload converter does the same with the
 * record's topic, partition and offset, so the error handler dead-letters the record
 * without retrying it. The message describes the problem and its position, never the
 * record's content.
 */
public class InvalidFrameException extends SerializationException {

	/**
	 * @param message what is wrong with the frame, and where
	 */
	public InvalidFrameException(String message) {
		super(message);
	}

}
