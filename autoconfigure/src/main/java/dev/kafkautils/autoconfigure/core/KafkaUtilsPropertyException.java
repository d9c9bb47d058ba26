package dev.kafkautils.autoconfigure.core;

/**
 * A {@code kafka.utils.*} property whose value cannot work. Start-up fails with it, and
 * {@link KafkaUtilsPropertyFailureAnalyzer} tells the user which property to change and
 * how.
 */
public class KafkaUtilsPropertyException extends RuntimeException {

	private final String property;

	private final String value;

	private final String reason;

	private final String action;

	public KafkaUtilsPropertyException(String property, Object value, String reason, String action) {
		this(property, value, reason, action, null);
	}

	public KafkaUtilsPropertyException(String property, Object value, String reason, String action,
			Throwable cause) {
		super("Invalid " + property + "=" + value + ": " + reason, cause);
		this.property = property;
		this.value = String.valueOf(value);
		this.reason = reason;
		this.action = action;
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

	public String getAction() {
		return this.action;
	}

}
