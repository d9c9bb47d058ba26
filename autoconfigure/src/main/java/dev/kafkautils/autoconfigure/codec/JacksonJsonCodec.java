package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link JsonCodec}: JSON with the application's Jackson {@link JsonMapper}.
 * Everything that touches Jackson is in this class, which is loaded only when Jackson is
 * on the classpath.
 */
public final class JacksonJsonCodec implements JsonCodec {

	private final JsonMapper jsonMapper;

	private final ObjectWriter writer;

	public JacksonJsonCodec(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		this.writer = jsonMapper.writer();
	}

	@Override
	public byte[] write(Object value) {
		return this.writer.writeValueAsBytes(value);
	}

	@Override
	public PayloadReader reader(Type type) {
		JavaType javaType = this.jsonMapper.getTypeFactory().constructType(type);
		ObjectReader reader = this.jsonMapper.readerFor(javaType);
		checkJsonMappable(reader, javaType);
		return new DecodingPayloadReader(reader::readValue, ContentType.JSON, javaType.toCanonical());
	}

	/**
	 * Jackson reports a type it cannot construct (an interface without a mapping, a class
	 * without a usable constructor) as an {@link InvalidDefinitionException} on the first
	 * read; reading an empty object when the reader is built surfaces that before any
	 * record arrives.
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

}
