package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link PayloadReaders}: builds and caches a {@link PayloadReader} per
 * payload type, protobuf for generated message classes, JSON (with the
 * {@link JsonCodec}) for everything else.
 */
public class DefaultPayloadReaders implements PayloadReaders {

	private final JsonCodec json;

	private final Map<Type, PayloadReader> readers = new ConcurrentHashMap<>();

	/**
	 * @param json reads the types that are not protobuf messages (the auto-configured
	 * {@link JsonCodec} bean)
	 */
	public DefaultPayloadReaders(JsonCodec json) {
		this.json = json;
	}

	@Override
	public PayloadReader forType(Type type) {
		PayloadReader reader = this.readers.get(type);
		return (reader != null) ? reader : this.readers.computeIfAbsent(type, this::create);
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

}
