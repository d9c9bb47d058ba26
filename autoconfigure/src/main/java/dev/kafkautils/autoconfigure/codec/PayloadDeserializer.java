package dev.kafkautils.autoconfigure.codec;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Deserialises record values into the payload type configured for their topic
 * ({@code kafka.utils.topics.<logical>.type}). Values of topics without a configured
 * type stay {@code byte[]}; the listener's parameter type then decides (see
 * {@link PayloadMessageConverter}). Type information in record headers is never used.
 * <p>
 * Failures are {@link SerializationException}s naming the topic and the expected type;
 * wrapped in spring-kafka's {@code ErrorHandlingDeserializer} they reach the
 * container's error handler with the record's partition and offset instead of stopping
 * the consumer.
 */
public class PayloadDeserializer implements Deserializer<Object> {

	private final PayloadTypes payloadTypes;

	private final @Nullable String contentTypeHeader;

	/**
	 * @param payloadTypes the configured payload types by topic
	 * @param contentTypeHeader name of the content-type header to check, or {@code null}
	 */
	public PayloadDeserializer(PayloadTypes payloadTypes, @Nullable String contentTypeHeader) {
		this.payloadTypes = payloadTypes;
		this.contentTypeHeader = contentTypeHeader;
	}

	@Override
	public @Nullable Object deserialize(String topic, byte @Nullable [] data) {
		return read(topic, null, data);
	}

	@Override
	public @Nullable Object deserialize(String topic, Headers headers, byte @Nullable [] data) {
		return read(topic, headers, data);
	}

	private @Nullable Object read(String topic, @Nullable Headers headers, byte @Nullable [] data) {
		if (data == null) {
			return null;
		}
		PayloadReader reader = this.payloadTypes.forTopic(topic);
		if (reader == null) {
			return data;
		}
		checkContentType(topic, headers, reader);
		try {
			return reader.read(data);
		}
		catch (Exception ex) {
			throw new SerializationException("Value of a record in topic '" + topic + "' is not a valid "
					+ reader.typeName() + " (" + reader.contentType().mimeType() + "): " + ex.getMessage(), ex);
		}
	}

	/** A record that announces another encoding is refused rather than misread. */
	private void checkContentType(String topic, @Nullable Headers headers, PayloadReader reader) {
		if (headers == null || this.contentTypeHeader == null) {
			return;
		}
		Header header = headers.lastHeader(this.contentTypeHeader);
		if (header != null && header.value() != null && !reader.contentType().matches(header.value())) {
			throw new SerializationException("Value of a record in topic '" + topic + "' has "
					+ this.contentTypeHeader + " '" + new String(header.value(), StandardCharsets.UTF_8)
					+ "' but the topic's payload type " + reader.typeName() + " is "
					+ reader.contentType().mimeType());
		}
	}

}
