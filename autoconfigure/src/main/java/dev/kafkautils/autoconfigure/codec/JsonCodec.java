package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;

/**
 * Writes and reads JSON payloads: the values that are neither a protobuf message, a
 * {@code String} nor {@code byte[]}, and the listener payload types that are not
 * generated protobuf classes. The default ({@link JacksonJsonCodec}) uses the
 * application's Jackson {@code JsonMapper}; without Jackson on the classpath the default
 * refuses JSON with a message that names the dependency to add, so protobuf, text and
 * bytes keep working.
 * <p>
 * Declare a bean of this type to write and read JSON with another library. Writing runs
 * on the send path for every JSON record and readers are built once per type: keep both
 * free of per-record set-up.
 */
public interface JsonCodec {

	/**
	 * Write a value as JSON.
	 * @param value the value, never {@code null}
	 * @return the JSON bytes (UTF-8)
	 * @throws RuntimeException when the value cannot be written; the serializer reports
	 * it with the topic and the value's class
	 */
	byte[] write(Object value);

	/**
	 * The reader of a payload type, built once per type by {@link DefaultPayloadReaders}.
	 * @param type the payload type
	 * @return a reader with content type {@link ContentType#JSON}
	 * @throws IllegalArgumentException when the type cannot be read from JSON, with the
	 * reason as message
	 */
	PayloadReader reader(Type type);

}
