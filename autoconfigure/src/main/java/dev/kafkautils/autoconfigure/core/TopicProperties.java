package dev.kafkautils.autoconfigure.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one topic under {@code kafka.utils.topics.<logical>}.
 */
public class TopicProperties {

	/** Prefix of the topics' properties, each followed by a logical name. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".topics";

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

	/**
	 * Tier whose partitions, replication and configuration the topic gets. Defaults to
	 * "standard", and to "error" for the error-event topic (kafka.utils.errors.topic).
	 */
	private @Nullable String tier;

	/** Number of partitions, overriding the tier's. */
	private @Nullable Integer partitions;

	/** Replication factor, overriding the tier's. */
	private @Nullable Integer replicas;

	/** Topic configuration by Kafka topic config name, overriding the tier's per key. */
	private Map<String, String> config = new LinkedHashMap<>();

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

	public @Nullable String getTier() {
		return this.tier;
	}

	public void setTier(@Nullable String tier) {
		this.tier = tier;
	}

	public @Nullable Integer getPartitions() {
		return this.partitions;
	}

	public void setPartitions(@Nullable Integer partitions) {
		this.partitions = partitions;
	}

	public @Nullable Integer getReplicas() {
		return this.replicas;
	}

	public void setReplicas(@Nullable Integer replicas) {
		this.replicas = replicas;
	}

	public Map<String, String> getConfig() {
		return this.config;
	}

	public void setConfig(Map<String, String> config) {
		this.config = config;
	}

}
