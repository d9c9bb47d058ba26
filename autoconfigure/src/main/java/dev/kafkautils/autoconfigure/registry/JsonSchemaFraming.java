package dev.kafkautils.autoconfigure.registry;

import dev.kafkautils.autoconfigure.codec.PayloadReader;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Frames the JSON payloads of the topics with JSON Schema.
 */
public final class JsonSchemaFraming {

	boolean frames(String topic) {
		return false;
	}

	byte[] write(String topic, @Nullable Headers headers, Object value) {
		throw new UnsupportedOperationException();
	}

	String subject(String topic, Class<?> type) {
		throw new UnsupportedOperationException();
	}

	RegistrySchema schemaOf(Class<?> type) {
		throw new UnsupportedOperationException();
	}

	Object read(Headers headers, byte[] value, PayloadReader reader) throws Exception {
		throw new UnsupportedOperationException();
	}

}
