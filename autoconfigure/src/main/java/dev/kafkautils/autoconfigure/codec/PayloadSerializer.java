package dev.kafkautils.autoconfigure.codec;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Serialises record values by their runtime type: a protobuf {@code Message} as its
 * binary encoding, a {@code byte[]} as is, a {@code String} as UTF-8 text and anything
 * else as JSON with the {@link JsonCodec}. Writes headers through the
 * {@link HeaderWriter} (by default the standard source, timestamp and content type)
 * while the record's headers are still writable.
 * <p>
 * With {@link PayloadTypes}, a value sent to a topic with a configured type must be of
 * that type ({@link PayloadTypes#checkSendable}): checking here, where every value
 * becomes bytes, covers every template and producer of the factory, not only the
 * kafka-utils template. Thread-safe; one instance serves every producer.
 */
public class PayloadSerializer implements Serializer<Object> {

	private final JsonCodec json;

	private final @Nullable HeaderWriter headerWriter;

	private final @Nullable PayloadTypes payloadTypes;

	private final @Nullable PayloadFraming framing;

	/**
	 * A serializer that sends any value to any topic.
	 * @param json writes the values that are neither protobuf, text nor bytes (the
	 * auto-configured {@link JsonCodec} bean)
	 * @param headerWriter writes the headers of every record, or {@code null} for none
	 */
	public PayloadSerializer(JsonCodec json, @Nullable HeaderWriter headerWriter) {
		this(json, headerWriter, null);
	}

	/**
	 * @param json writes the values that are neither protobuf, text nor bytes (the
	 * auto-configured {@link JsonCodec} bean)
	 * @param headerWriter writes the headers of every record, or {@code null} for none
	 * @param payloadTypes the configured payload types, whose topics take only values of
	 * their type, or {@code null} to send any value to any topic
	 */
	public PayloadSerializer(JsonCodec json, @Nullable HeaderWriter headerWriter,
			@Nullable PayloadTypes payloadTypes) {
		this(json, headerWriter, payloadTypes, null);
	}

	/**
	 * @param json writes the values that are neither protobuf, text nor bytes (the
	 * auto-configured {@link JsonCodec} bean)
	 * @param headerWriter writes the headers of every record, or {@code null} for none
	 * @param payloadTypes the configured payload types, whose topics take only values of
	 * their type, or {@code null} to send any value to any topic
	 * @param framing frames protobuf and JSON payloads for a schema registry, or
	 * {@code null} to send them as they are
	 */
	public PayloadSerializer(JsonCodec json, @Nullable HeaderWriter headerWriter, @Nullable PayloadTypes payloadTypes,
			@Nullable PayloadFraming framing) {
		this.json = json;
		this.headerWriter = headerWriter;
		this.payloadTypes = payloadTypes;
		this.framing = framing;
	}

	@Override
	public byte @Nullable [] serialize(String topic, @Nullable Object data) {
		checkSendable(topic, data);
		return (data != null) ? encode(topic, null, data, contentTypeOf(data)) : null;
	}

	@Override
	public byte @Nullable [] serialize(String topic, Headers headers, @Nullable Object data) {
		checkSendable(topic, data);
		ContentType contentType = (data != null) ? contentTypeOf(data) : null;
		if (this.headerWriter != null) {
			this.headerWriter.write(headers, contentType);
		}
		return (data != null) ? encode(topic, headers, data, contentType) : null;
	}

	private void checkSendable(String topic, @Nullable Object data) {
		if (this.payloadTypes != null) {
			this.payloadTypes.checkSendable(topic, data);
		}
	}

	private static @Nullable ContentType contentTypeOf(Object data) {
		if (data instanceof byte[]) {
			return null;
		}
		if (data instanceof String) {
			return ContentType.TEXT;
		}
		if (ProtobufSupport.PRESENT && ProtobufSupport.isMessage(data)) {
			return ContentType.PROTOBUF;
		}
		return ContentType.JSON;
	}

	private byte[] encode(String topic, @Nullable Headers headers, Object data, @Nullable ContentType contentType) {
		if (contentType == null) {
			return (byte[]) data;
		}
		if (this.framing != null && contentType != ContentType.TEXT && this.framing.frames(topic, contentType)) {
			return this.framing.write(topic, headers, data, contentType);
		}
		return switch (contentType) {
			case TEXT -> ((String) data).getBytes(StandardCharsets.UTF_8);
			case PROTOBUF -> ProtobufSupport.toBytes(data);
			case JSON -> json(topic, data);
		};
	}

	private byte[] json(String topic, Object data) {
		try {
			return this.json.write(data);
		}
		catch (RuntimeException ex) {
			throw new SerializationException("Cannot write " + data.getClass().getName() + " as JSON for topic '"
					+ topic + "': " + ex.getMessage(), ex);
		}
	}

}
