package dev.kafkautils.autoconfigure.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One topic tier under {@code kafka.utils.tiers.<tier>}: the partitions, replication and
 * topic configuration every topic of the tier gets unless the topic overrides them.
 * Settings left unset come from the built-in tier of the same name ({@code standard},
 * {@code error}, {@code dlq}, {@code reply}), or from {@code standard} for a custom tier.
 */
public class TierProperties {

	/** The tier of topics that no setting puts elsewhere. */
	public static final String STANDARD = "standard";

	/** The tier of the error-event topic. */
	public static final String ERROR = "error";

	/** The tier of dead-letter and retry topics. */
	public static final String DLQ = "dlq";

	/** The tier of request/reply reply topics: replies are worth nothing after their timeout. */
	public static final String REPLY = "reply";

	/** Number of partitions of each topic of this tier. */
	private @Nullable Integer partitions;

	/** Replication factor of each topic of this tier. */
	private @Nullable Integer replicas;

	/**
	 * Topic configuration by Kafka topic config name (for example retention.ms,
	 * min.insync.replicas, cleanup.policy), added to the built-in tier's.
	 */
	private Map<String, String> config = new LinkedHashMap<>();

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
