package dev.kafkautils.autoconfigure.codec;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;

/**
 * Thrown at start-up when {@code kafka.utils.topics.<logical>.type} names a class that
 * is missing or cannot be a payload.
 */
public class InvalidPayloadTypeException extends KafkaUtilsPropertyException {

	public InvalidPayloadTypeException(String property, String value, String reason, Throwable cause) {
		super(property, value, "it cannot be used as a payload type: " + reason,
				"Set '" + property + "' to the fully qualified name of a class on the classpath that is either a "
						+ "generated protobuf message (com.google.protobuf.Message) or a JSON-mappable class "
						+ "(concrete, with a default constructor, a @JsonCreator or a record constructor; "
						+ "JSON needs Jackson: spring-boot-starter-jackson), "
						+ "or remove it to take the type from the listener's parameter.",
				cause);
	}

}
