package dev.kafkautils.autoconfigure.topics;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one topic under {@code kafka.utils.topics.<logical>}.
 */
public class TopicProperties {

	/** Physical topic name, before the topic prefix is applied. Defaults to the logical name. */
	private @Nullable String name;

	/**
	 * Fully qualified payload class: a generated protobuf message class or a
	 * JSON-mappable class. Listeners of the topic receive instances of it.
	 */
	private @Nullable String type;

	/**
	 * Dead-letter topic of this topic, before the topic prefix. Overrides
	 * kafka.utils.dlq.topic-pattern.
	 */
	private @Nullable String dlq;

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public @Nullable String getType() {
		return this.type;
	}

	public void setType(@Nullable String type) {
		this.type = type;
	}

	public @Nullable String getDlq() {
		return this.dlq;
	}

	public void setDlq(@Nullable String dlq) {
		this.dlq = dlq;
	}

}
