package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link PayloadReaders}: builds and caches a {@link PayloadReader} per
 * payload type, protobuf for generated message classes, JSON (with the application's
 * {@link JsonMapper}) for everything else.
 */
public class DefaultPayloadReaders implements PayloadReaders {

	private final JsonMapper jsonMapper;

	private final Map<Type, PayloadReader> readers = new ConcurrentHashMap<>();

	public DefaultPayloadReaders(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
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
		return jsonReader(type);
	}

	private PayloadReader jsonReader(Type type) {
		JavaType javaType = this.jsonMapper.getTypeFactory().constructType(type);
		ObjectReader reader = this.jsonMapper.readerFor(javaType);
		checkJsonMappable(reader, javaType);
		return new DecodingPayloadReader(reader::readValue, ContentType.JSON, javaType.toCanonical());
	}

	/**
	 * Jackson reports a type it cannot construct (an interface without a mapping, a class
	 * without a usable constructor) as an {@link InvalidDefinitionException} on the first
	 * read; reading an empty object at start-up surfaces that before any record arrives.
	 */
	private static void checkJsonMappable(ObjectReader reader, JavaType type) {
		if (type.isPrimitive() || type.getRawClass() == Object.class) {
			throw new IllegalArgumentException("it is not a payload class that JSON can be read into");
		}
		try {
			reader.readValue("{}");
		}
		catch (InvalidDefinitionException ex) {
			throw new IllegalArgumentException("Jackson cannot create it from JSON: " + ex.getOriginalMessage(), ex);
		}
		catch (RuntimeException ex) {
			// any other failure is about the empty object's content, not the type
		}
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
