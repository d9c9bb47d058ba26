package dev.kafkautils.autoconfigure.codec;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Thrown when a record is sent to a topic whose {@code kafka.utils.topics.<logical>.type}
 * the value is not: the record is refused before any byte is written, instead of being
 * rejected by every consumer of the topic. Instances of the declared type and of its
 * subtypes pass; so do {@code byte[]} values (sent as they are, the escape hatch for
 * bytes encoded elsewhere, such as dead-letter replays) and {@code null} (a tombstone).
 */
public class PayloadTypeMismatchException extends SerializationException {

	private final String topic;

	private final Class<?> declaredType;

	private final Class<?> valueType;

	/**
	 * @param topic the physical topic
	 * @param property the property that declares the topic's type
	 * @param declaredType the declared type
	 * @param valueType the type of the value that was sent
	 */
	public PayloadTypeMismatchException(String topic, String property, Class<?> declaredType, Class<?> valueType) {
		super("Value for topic '" + topic + "' is a " + valueType.getName() + ", but " + property + " declares "
				+ declaredType.getName() + ": send a " + declaredType.getName()
				+ " (or a subtype), or bytes already encoded as one as a byte[]");
		this.topic = topic;
		this.declaredType = declaredType;
		this.valueType = valueType;
	}

	public String getTopic() {
		return this.topic;
	}

	public Class<?> getDeclaredType() {
		return this.declaredType;
	}

	public Class<?> getValueType() {
		return this.valueType;
	}

}
