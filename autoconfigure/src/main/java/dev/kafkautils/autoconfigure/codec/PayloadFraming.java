package dev.kafkautils.autoconfigure.codec;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Frames encoded payloads for a schema registry: on the send path the
 * {@link PayloadSerializer} asks it for the value bytes of protobuf and JSON payloads,
 * on the listener path the {@link PayloadMessageConverter} has it read framed values.
 * The schema-registry auto-configuration provides one when a registry is configured;
 * without a bean of this type payloads go on the wire as they are.
 * <p>
 * Both methods run for every record: after warm-up they should answer from caches,
 * without registry calls and without allocating what can be cached.
 */
public interface PayloadFraming {

	/**
	 * Whether values of a content type on a topic are framed: sent framed and read only
	 * when framed.
	 * @param topic the physical topic name
	 * @param contentType the payload's content type
	 * @return whether {@link #write} and {@link #read} handle them
	 */
	boolean frames(String topic, ContentType contentType);

	/**
	 * The value bytes of a payload that {@link #frames} frames: its encoding with the
	 * frame, or the encoding alone when the frame goes in a header.
	 * @param topic the physical topic name
	 * @param headers the record's headers, or {@code null} when the producer gives none
	 * @param value the payload
	 * @param contentType its content type
	 * @return the bytes to send
	 * @throws org.apache.kafka.common.errors.SerializationException when the payload's
	 * schema cannot be registered or found
	 */
	byte[] write(String topic, @Nullable Headers headers, Object value, ContentType contentType);

	/**
	 * Reads a framed value into its payload type.
	 * @param topic the physical topic name
	 * @param headers the record's headers
	 * @param value the record's value bytes
	 * @param type the payload type (the topic's configured type or the listener's)
	 * @param reader the reader of the type's unframed bytes
	 * @return the payload
	 * @throws Exception when the value is not framed, its schema is unknown, or it holds
	 * another type than {@code type}; the converter reports it as a
	 * {@code DeserializationException}, so the record is dead-lettered
	 */
	Object read(String topic, Headers headers, byte[] value, Class<?> type, PayloadReader reader) throws Exception;

}
