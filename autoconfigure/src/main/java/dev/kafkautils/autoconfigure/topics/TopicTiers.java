package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.kafkautils.autoconfigure.core.TierProperties;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;

/**
 * The tiers topics are provisioned in: the built-in {@code standard}, {@code error}, {@code dlq}
 * and {@code reply} tiers with the application's {@code kafka.utils.tiers.*} laid over them
 * value by value, and the application's custom tiers, which start from
 * the application's {@code standard}.
 * <p>
 * The merge happens here rather than by pre-filling the bound map: Spring Boot binds
 * each map entry into a fresh object and replaces the pre-filled one, so a user setting
 * only {@code kafka.utils.tiers.standard.partitions} would lose the other standard
 * values.
 */
final class TopicTiers {

	static final String STANDARD = TierProperties.STANDARD;

	static final String ERROR = TierProperties.ERROR;

	static final String DLQ = TierProperties.DLQ;

	static final String REPLY = TierProperties.REPLY;

	private static final Map<String, Tier> BUILT_IN = Map.of(
			STANDARD, new Tier(STANDARD, 3, 3, config(Duration.ofDays(7), 2)),
			ERROR, new Tier(ERROR, 1, 3, config(Duration.ofDays(30), 1)),
			DLQ, new Tier(DLQ, 1, 3, config(Duration.ofDays(30), 1)),
			REPLY, new Tier(REPLY, 3, 3, replyConfig()));

	private final Map<String, Tier> tiers;

	TopicTiers(Map<String, TierProperties> settings) {
		Map<String, Tier> tiers = new LinkedHashMap<>();
		for (String name : new String[] { STANDARD, ERROR, DLQ, REPLY }) {
			tiers.put(name, BUILT_IN.get(name).with(settings.get(name)));
		}
		Tier standard = tiers.get(STANDARD);
		settings.forEach((name, tier) -> {
			if (!tiers.containsKey(name)) {
				tiers.put(name, new Tier(name, standard).with(tier));
			}
		});
		this.tiers = Collections.unmodifiableMap(tiers);
	}

	/**
	 * @param name a tier name
	 * @return the tier, or {@code null} when no tier has that name
	 */
	@Nullable Tier get(String name) {
		return this.tiers.get(name);
	}

	Set<String> names() {
		return this.tiers.keySet();
	}

	private static Map<String, String> config(Duration retention, int minInSyncReplicas) {
		Map<String, String> config = new LinkedHashMap<>();
		config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
		config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas));
		// matches the producers' default compression, so brokers store batches as they arrive
		config.put(TopicConfig.COMPRESSION_TYPE_CONFIG, "snappy");
		return Collections.unmodifiableMap(config);
	}

	/**
	 * Replies are read within their request's timeout: an hour of retention is plenty to
	 * look at them, and hourly segments let the broker actually delete them that soon.
	 */
	private static Map<String, String> replyConfig() {
		Map<String, String> config = new LinkedHashMap<>(config(Duration.ofHours(1), 1));
		config.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()));
		return Collections.unmodifiableMap(config);
	}

	/**
	 * An effective tier.
	 *
	 * @param name the tier's name
	 * @param partitions partitions of each topic
	 * @param replicas replication factor of each topic
	 * @param config topic configuration
	 */
	record Tier(String name, int partitions, int replicas, Map<String, String> config) {

		private Tier(String name, Tier base) {
			this(name, base.partitions, base.replicas, base.config);
		}

		Tier with(@Nullable TierProperties settings) {
			if (settings == null) {
				return this;
			}
			Map<String, String> config = new LinkedHashMap<>(this.config);
			config.putAll(settings.getConfig());
			return new Tier(this.name, (settings.getPartitions() != null) ? settings.getPartitions() : this.partitions,
					(settings.getReplicas() != null) ? settings.getReplicas() : this.replicas,
					Collections.unmodifiableMap(config));
		}

	}

}
