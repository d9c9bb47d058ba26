package dev.kafkautils.autoconfigure.topics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import dev.kafkautils.autoconfigure.topics.TopicTiers.Tier;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Builds the settings of one topic: its tier's partitions, replication and
 * configuration with the topic's own overrides laid over them, each value remembering
 * the property it came from. The result is checked ({@link TopicChecks}) and clamped
 * ({@link ReplicationLimit}).
 */
final class TopicSpecFactory {

	private static final String PREFIX = KafkaUtilsProperties.PREFIX + ".";

	private final TopicTiers tiers;

	private final TopicChecks checks;

	private final ReplicationLimit limit;

	TopicSpecFactory(TopicTiers tiers, TopicChecks checks, ReplicationLimit limit) {
		this.tiers = tiers;
		this.checks = checks;
		this.limit = limit;
	}

	/**
	 * A topic's settings.
	 * @param name the physical topic name
	 * @param nameProperty the property the name comes from
	 * @param defaultTier the tier when the topic names none
	 * @param topicProperty the property of a declared topic, {@code null} for an implied one
	 * @param topic the declared topic's settings, {@code null} for an implied one
	 * @param problems receives what is wrong
	 * @return the settings, or {@code null} when there was a problem
	 */
	@Nullable TopicSpec create(String name, String nameProperty, String defaultTier, @Nullable String topicProperty,
			@Nullable TopicProperties topic, List<Problem> problems) {
		String tierName = (topic != null && StringUtils.hasText(topic.getTier())) ? topic.getTier() : defaultTier;
		Tier tier = this.tiers.get(tierName);
		if (tier == null) {
			problems.add(new Problem((topicProperty != null) ? topicProperty + ".tier" : PREFIX + "tiers",
					"Topic '" + name + "' is in tier '" + tierName + "', which is not defined",
					"Use one of the tiers " + this.tiers.names() + ", or define the tier under kafka.utils.tiers."
							+ tierName + ".*"));
			return null;
		}
		String tierProperty = PREFIX + "tiers." + tierName + ".";
		Map<String, String> sources = new LinkedHashMap<>();
		sources.put("name", nameProperty);
		sources.put("tier", (topicProperty != null) ? topicProperty + ".tier" : tierProperty);
		sources.put("partitions", tierProperty + "partitions");
		sources.put("replicas", tierProperty + "replicas");
		tier.config().keySet().forEach((key) -> sources.put("config." + key, tierProperty + "config." + key));
		int partitions = tier.partitions();
		int replicas = tier.replicas();
		Map<String, String> config = new LinkedHashMap<>(tier.config());
		if (topic != null) {
			if (topic.getPartitions() != null) {
				partitions = topic.getPartitions();
				sources.put("partitions", topicProperty + ".partitions");
			}
			if (topic.getReplicas() != null) {
				replicas = topic.getReplicas();
				sources.put("replicas", topicProperty + ".replicas");
			}
			topic.getConfig().forEach((key, value) -> {
				config.put(key, value);
				sources.put("config." + key, topicProperty + ".config." + key);
			});
		}
		TopicSpec spec = new TopicSpec(name, tierName, partitions, replicas, replicas, config, sources);
		int before = problems.size();
		this.checks.check(spec, problems);
		return (problems.size() == before) ? this.limit.apply(spec) : null;
	}

	/**
	 * The settings of a topic of a tier, with nothing overridden.
	 * @param name the physical topic name
	 * @param tierName the tier
	 * @return the settings, clamped
	 * @throws IllegalArgumentException when the tier is not defined
	 */
	TopicSpec ofTier(String name, String tierName) {
		Tier tier = this.tiers.get(tierName);
		if (tier == null) {
			throw new IllegalArgumentException("No tier '" + tierName + "'; defined: " + this.tiers.names());
		}
		return this.limit.apply(new TopicSpec(name, tierName, tier.partitions(), tier.replicas(), tier.replicas(),
				tier.config(), Map.of()));
	}

}
