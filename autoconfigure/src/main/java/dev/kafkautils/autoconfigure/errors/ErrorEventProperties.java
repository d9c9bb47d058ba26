package dev.kafkautils.autoconfigure.errors;

import org.jspecify.annotations.Nullable;

/**
 * The central error-event topic, under {@code kafka.utils.errors}.
 */
public class ErrorEventProperties {

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
