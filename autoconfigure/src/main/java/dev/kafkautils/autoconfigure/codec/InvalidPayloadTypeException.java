package dev.kafkautils.autoconfigure.codec;

/**
 * Thrown at start-up when {@code kafka.utils.topics.<logical>.type} names a class that
 * is missing or cannot be a payload.
 */
public class InvalidPayloadTypeException extends RuntimeException {

	private final String property;

	private final String value;

	private final String reason;

	public InvalidPayloadTypeException(String property, String value, String reason, Throwable cause) {
		super(property + "=" + value + " is not a usable payload type: " + reason, cause);
		this.property = property;
		this.value = value;
		this.reason = reason;
	}

	public String getProperty() {
		return this.property;
	}

	public String getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

}
