package dev.kafkautils.autoconfigure.errors;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The central error-event topic, under {@code kafka.utils.errors}.
 */
@ConfigurationProperties(ErrorEventProperties.PREFIX)
public class ErrorEventProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".errors";

	/**
	 * Logical name of the topic that receives a JSON failure event for every dead-lettered
	 * record (for dashboards); none when unset.
	 */
	private @Nullable String topic;

	public @Nullable String getTopic() {
		return this.topic;
	}

	public void setTopic(@Nullable String topic) {
		this.topic = topic;
	}

}
