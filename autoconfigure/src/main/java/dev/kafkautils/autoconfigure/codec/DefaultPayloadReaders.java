package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link PayloadReaders}: builds and caches a {@link PayloadReader} per
 * payload type, protobuf for generated message classes, JSON (with the
 * {@link JsonCodec}) for everything else. A type that cannot be read is cached too: a
 * listener parameter of such a type fails every record, and each one after the first
 * costs a map lookup instead of another attempt (for JSON, Jackson's introspection of the
 * type).
 */
public class DefaultPayloadReaders implements PayloadReaders {

	private final JsonCodec json;

	/** A {@link PayloadReader}, or the {@link Unreadable} verdict on the type. */
	private final Map<Type, Object> readers = new ConcurrentHashMap<>();

	/**
	 * @param json reads the types that are not protobuf messages (the auto-configured
	 * {@link JsonCodec} bean)
	 */
	public DefaultPayloadReaders(JsonCodec json) {
		this.json = json;
	}

	@Override
	public PayloadReader forType(Type type) {
		Object cached = this.readers.get(type);
		if (cached == null) {
			cached = this.readers.computeIfAbsent(type, this::lookUp);
		}
		if (cached instanceof PayloadReader reader) {
			return reader;
		}
		throw ((Unreadable) cached).failure();
	}

	private Object lookUp(Type type) {
		try {
			return create(type);
		}
		catch (IllegalArgumentException ex) {
			return new Unreadable(ex);
		}
	}

	private PayloadReader create(Type type) {
		Class<?> rawType = rawClass(type);
		if (ProtobufSupport.PRESENT && ProtobufSupport.isMessageType(rawType)) {
			return ProtobufSupport.reader(rawType);
		}
		return this.json.reader(type);
	}

	static Class<?> rawClass(Type type) {
		if (type instanceof Class<?> clazz) {
			return clazz;
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
			return raw;
		}
		return Object.class;
	}

	/**
	 * Why a type cannot be read. Each look-up throws a new exception with the first one as
	 * its cause, so that no caller can add to (suppress into) a shared instance.
	 */
	private record Unreadable(IllegalArgumentException cause) {

		IllegalArgumentException failure() {
			return new IllegalArgumentException(this.cause.getMessage(), this.cause);
		}

	}

}
