package dev.kafkautils.autoconfigure.topics;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;

/**
 * A topic as provisioning creates or checks it, with the property behind each of its
 * settings so that a problem names the property to change.
 *
 * @param name the physical topic name
 * @param tier the tier it is provisioned in
 * @param partitions the number of partitions
 * @param replicas the replication factor, after {@code max-replication} clamping
 * @param requestedReplicas the replication factor before clamping
 * @param config the topic configuration
 * @param sources the property behind each setting: {@code name}, {@code partitions},
 * {@code replicas}, {@code tier} and {@code config.<key>}
 */
public record TopicSpec(String name, String tier, int partitions, int replicas, int requestedReplicas,
		Map<String, String> config, Map<String, String> sources) {

	/**
	 * The property that set one of this topic's settings.
	 * @param setting {@code name}, {@code partitions}, {@code replicas}, {@code tier} or
	 * {@code config.<key>}
	 * @return the property, for example {@code kafka.utils.tiers.standard.replicas}
	 */
	public String propertyFor(String setting) {
		String property = this.sources.get(setting);
		return (property != null) ? property : "kafka.utils.tiers." + this.tier + "." + setting;
	}

	/**
	 * @return whether {@code kafka.utils.provisioning.max-replication} lowered the replication
	 */
	public boolean isClamped() {
		return this.replicas < this.requestedReplicas;
	}

	/**
	 * @return the planned min.insync.replicas, or {@code null} when the broker default applies
	 */
	public @Nullable Integer minInSyncReplicas() {
		String value = this.config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
		return (value != null) ? Integer.valueOf(value.trim()) : null;
	}

	/**
	 * @return this topic as spring-kafka's {@link NewTopic}
	 */
	public NewTopic toNewTopic() {
		return new NewTopic(this.name, this.partitions, (short) this.replicas).configs(this.config);
	}

}
