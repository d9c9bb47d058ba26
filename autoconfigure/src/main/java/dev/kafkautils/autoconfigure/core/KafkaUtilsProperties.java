package dev.kafkautils.autoconfigure.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shared root of the {@code kafka.utils.*} properties: the switch, the service name,
 * the topic prefix, the logical topics and the topic tiers, which every concern reads.
 * Each concern binds its own part of the tree beside the code that uses it (for example
 * {@code kafka.utils.retry} in the error handling, {@code kafka.utils.metrics} in the
 * metrics), so users and IDEs see one tree while no concern depends on another's
 * settings. Settings that Spring Boot already binds under {@code spring.kafka.*} are not
 * repeated anywhere.
 */
@ConfigurationProperties(KafkaUtilsProperties.PREFIX)
public class KafkaUtilsProperties {

	/** Prefix of every kafka-utils property. */
	public static final String PREFIX = "kafka.utils";

	/** Whether the kafka-utils starter is enabled. When false, only Spring Boot's own Kafka support applies. */
	private boolean enabled = true;

	/**
	 * Name of this service, used in client ids, the source header and dead-letter
	 * naming. Defaults to spring.application.name.
	 */
	private @Nullable String serviceName;

	/**
	 * Prefix prepended to every physical topic name, so that application code uses
	 * logical names in send(...) and @KafkaListener alike (for example "staging.").
	 */
	private String topicPrefix = "";

	/**
	 * Topics by logical name. Each takes name (the physical name), type (the payload
	 * class), dlq (its dead-letter topic), tier, partitions, replicas and config.*
	 * (Kafka topic configs), for example kafka.utils.topics.orders.type.
	 */
	private final Map<String, TopicProperties> topics = new LinkedHashMap<>();

	/**
	 * Topic tiers by name: changes to the built-in standard, error and dlq tiers, and
	 * custom tiers. Each takes partitions, replicas and config.* (Kafka topic
	 * configs), for example kafka.utils.tiers.standard.config.retention.ms. Values a tier
	 * leaves unset come from the built-in tier of that name, or from standard for a
	 * custom tier.
	 */
	private final Map<String, TierProperties> tiers = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public String getTopicPrefix() {
		return this.topicPrefix;
	}

	public void setTopicPrefix(String topicPrefix) {
		this.topicPrefix = (topicPrefix != null) ? topicPrefix : "";
	}

	public Map<String, TopicProperties> getTopics() {
		return this.topics;
	}

	public Map<String, TierProperties> getTiers() {
		return this.tiers;
	}

}
