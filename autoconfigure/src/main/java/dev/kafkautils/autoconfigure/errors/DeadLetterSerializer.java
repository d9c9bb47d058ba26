package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Writes dead-lettered keys and values as they were received: bytes as is, strings as
 * UTF-8. Anything else (a value typed by an application-chosen deserializer) goes through
 * the application's serializer. Unlike the regular send path it adds no headers, so the
 * dead-letter copy carries exactly the original headers plus the dead-letter ones.
 */
final class DeadLetterSerializer implements Serializer<Object> {

	private final Serializer<Object> fallback;

	DeadLetterSerializer(Serializer<Object> fallback) {
		this.fallback = fallback;
	}

	@Override
	public byte @Nullable [] serialize(String topic, @Nullable Object data) {
		if (data == null || data instanceof byte[]) {
			return (byte[]) data;
		}
		if (data instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		return this.fallback.serialize(topic, data);
	}

	@Override
	public byte @Nullable [] serialize(String topic, Headers headers, @Nullable Object data) {
		return serialize(topic, data);
	}

}
