package dev.kafkautils.autoconfigure.topics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;

/**
 * {@code kafka.utils.provisioning.max-replication}: lowers the replication factor and
 * {@code min.insync.replicas} of planned topics for development clusters with fewer
 * brokers than the tiers ask for, and says so once in a warning.
 */
final class ReplicationLimit {

	private static final Log logger = LogFactory.getLog(ReplicationLimit.class);

	static final String MAX_REPLICATION = ProvisioningProperties.PREFIX + ".max-replication";

	private final @Nullable Integer maxReplication;

	private ReplicationLimit(@Nullable Integer maxReplication) {
		this.maxReplication = maxReplication;
	}

	/**
	 * @param maxReplication the configured limit, or {@code null} for none
	 * @param problems receives a problem when the limit is below 1
	 * @return the limit
	 */
	static ReplicationLimit of(@Nullable Integer maxReplication, List<Problem> problems) {
		if (maxReplication != null && maxReplication < 1) {
			problems.add(new Problem(MAX_REPLICATION, "Maximum replication " + maxReplication + " is less than 1",
					"Set " + MAX_REPLICATION + " to 1 or more, or remove it to turn clamping off"));
			return new ReplicationLimit(null);
		}
		return new ReplicationLimit(maxReplication);
	}

	/**
	 * @param spec a planned topic
	 * @return the topic with replication and min.insync.replicas at most the limit
	 */
	TopicSpec apply(TopicSpec spec) {
		Integer limit = this.maxReplication;
		if (limit == null || spec.replicas() <= limit) {
			return spec;
		}
		Map<String, String> config = new LinkedHashMap<>(spec.config());
		Integer minIsr = spec.minInSyncReplicas();
		if (minIsr != null && minIsr > limit) {
			config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(limit));
		}
		return new TopicSpec(spec.name(), spec.tier(), spec.partitions(), limit, spec.requestedReplicas(), config,
				spec.sources());
	}

	/**
	 * Warn once about every topic the limit lowered.
	 * @param specs the planned topics
	 */
	void logClamped(Collection<TopicSpec> specs) {
		List<String> clamped = specs.stream()
			.filter(TopicSpec::isClamped)
			.map((spec) -> spec.name() + " (" + spec.requestedReplicas() + " -> " + spec.replicas() + ")")
			.toList();
		if (!clamped.isEmpty()) {
			logger.warn(MAX_REPLICATION + "=" + this.maxReplication + " lowers replication and min.insync.replicas "
					+ "of " + clamped.size() + " topic(s) for a development cluster: " + String.join(", ", clamped)
					+ ". Do not set it in production.");
		}
	}

}
