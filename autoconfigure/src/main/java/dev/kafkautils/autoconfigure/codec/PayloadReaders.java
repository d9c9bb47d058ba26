package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;

/**
 * Finds the {@link PayloadReader} of a payload type: the strategy behind typed
 * {@code @KafkaListener} payloads and {@code kafka.utils.topics.<logical>.type}. The type
 * always comes from the application (configuration or a listener's parameter), never
 * from a record's headers, so a sender cannot choose a class to instantiate.
 * <p>
 * The default ({@link DefaultPayloadReaders}) reads generated protobuf classes with
 * their parser and everything else as JSON. Declare a bean of this type to read some
 * types another way, typically delegating the rest to a {@code DefaultPayloadReaders}
 * built with the auto-configured {@link JsonCodec}.
 * It is asked on the listener path for every record whose topic has no configured type,
 * so it should answer from a cache.
 */
@FunctionalInterface
public interface PayloadReaders {

	/**
	 * The reader for a payload type.
	 * @param type the payload type
	 * @return the reader, the same instance for the same type
	 * @throws IllegalArgumentException when the type cannot be read, with the reason as
	 * message
	 */
	PayloadReader forType(Type type);

}
