package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;

/**
 * The {@link JsonCodec} of an application without Jackson: protobuf, text and bytes
 * work, JSON fails with a message naming the dependency that brings it. A configured
 * payload type ({@code kafka.utils.topics.<logical>.type}) that would be read as JSON
 * fails start-up; a value that would be written as JSON fails its send.
 */
final class UnavailableJsonCodec implements JsonCodec {

	static final UnavailableJsonCodec INSTANCE = new UnavailableJsonCodec();

	/** Why JSON does not work, for messages. */
	static final String REASON = "JSON payloads need Jackson, which is not on the classpath "
			+ "(add org.springframework.boot:spring-boot-starter-jackson)";

	private UnavailableJsonCodec() {
	}

	@Override
	public byte[] write(Object value) {
		throw new IllegalStateException(REASON);
	}

	@Override
	public PayloadReader reader(Type type) {
		throw new IllegalArgumentException("it is not a protobuf message, so it would be read as JSON, and " + REASON);
	}

}
