package dev.kafkautils.autoconfigure.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.core.ConsumedTopic;
import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.RequiredTopic;
import dev.kafkautils.autoconfigure.core.RequiredTopics;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.StringUtils;

/**
 * Decides which topics this service provisions and with which settings, without
 * talking to the cluster: the declared topics ({@code kafka.utils.topics.*}) in their
 * tiers with per-topic overrides, and the topics other concerns require
 * ({@link RequiredTopics}: the error-event topic, the dead-letter topic of every
 * consumed topic) in the tiers they ask for.
 * <p>
 * The declared topics are planned and checked on construction, so a bad setting fails
 * start-up before any client connects; the topics implied by listeners are added by
 * {@link #plan(Collection)} once the listener containers exist.
 */
public class TopicPlanner {

	private static final Log logger = LogFactory.getLog(TopicPlanner.class);

	private final List<RequiredTopics> requiredTopics;

	private final TopicSpecFactory specs;

	private final ReplicationLimit limit;

	private final Map<String, TopicSpec> declared;

	private final List<RequiredTopic> fixed;

	/**
	 * Plan the declared topics.
	 * @param properties the shared kafka-utils properties (topics and tiers)
	 * @param provisioning the provisioning settings
	 * @param topicNames logical-to-physical topic names
	 * @param requiredTopics what other concerns need provisioned
	 * @throws TopicProvisioningException when a declared topic or a tier is misconfigured
	 */
	public TopicPlanner(KafkaUtilsProperties properties, ProvisioningProperties provisioning, TopicNames topicNames,
			List<RequiredTopics> requiredTopics) {
		this.requiredTopics = List.copyOf(requiredTopics);
		List<Problem> problems = new ArrayList<>();
		this.limit = ReplicationLimit.of(provisioning.getMaxReplication(), problems);
		TopicChecks checks = TopicChecks.of(topicNames.prefix(), provisioning.getNamePattern(), problems);
		this.specs = new TopicSpecFactory(new TopicTiers(properties.getTiers()), checks, this.limit);
		this.fixed = this.requiredTopics.stream().flatMap((required) -> required.fixed().stream()).toList();
		Map<String, String> requiredTiers = new LinkedHashMap<>();
		this.fixed.forEach((topic) -> requiredTiers.putIfAbsent(topic.name(), topic.tier()));
		Map<String, TopicSpec> declared = new LinkedHashMap<>();
		properties.getTopics().forEach((logical, topic) -> {
			String property = TopicProperties.PREFIX + "." + logical;
			String nameProperty = StringUtils.hasText(topic.getName()) ? property + ".name" : property;
			String physical = topicNames.physical(logical);
			String defaultTier = requiredTiers.getOrDefault(physical, TopicTiers.STANDARD);
			TopicSpec spec = this.specs.create(physical, nameProperty, defaultTier, property, topic, problems);
			if (spec != null) {
				declared.put(logical, spec);
			}
		});
		throwIfAny(problems);
		this.declared = Collections.unmodifiableMap(declared);
	}

	/**
	 * The settings a topic of a tier gets, clamped like every planned topic: for topics
	 * that spring-kafka creates on kafka-utils' behalf (retry topics).
	 * @param name the physical topic name
	 * @param tier the tier
	 * @return the topic's settings
	 */
	public TopicSpec tierTopic(String name, String tier) {
		return this.specs.ofTier(name, tier);
	}

	/**
	 * @return the declared topics by logical name
	 */
	public Map<String, TopicSpec> declared() {
		return this.declared;
	}

	/**
	 * Every topic to provision: the declared ones and the required ones. A topic that is
	 * declared keeps its declared settings when it is also required.
	 * @param consumed the topics this service's listeners consume
	 * @return the topics in the order planned
	 * @throws TopicProvisioningException when an implied topic gets an invalid name
	 */
	public List<TopicSpec> plan(Collection<ConsumedTopic> consumed) {
		Map<String, TopicSpec> planned = new LinkedHashMap<>();
		this.declared.values().forEach((spec) -> planned.put(spec.name(), spec));
		List<Problem> problems = new ArrayList<>();
		this.fixed.forEach((topic) -> addRequired(planned, topic, problems));
		for (RequiredTopics required : this.requiredTopics) {
			required.forConsumed(consumed).forEach((topic) -> addRequired(planned, topic, problems));
		}
		throwIfAny(problems);
		warnAboutCollisions(planned.keySet());
		this.limit.logClamped(planned.values());
		return List.copyOf(planned.values());
	}

	private void addRequired(Map<String, TopicSpec> planned, RequiredTopic topic, List<Problem> problems) {
		if (!planned.containsKey(topic.name())) {
			TopicSpec spec = this.specs.create(topic.name(), topic.property(), topic.tier(), null, null, problems);
			if (spec != null) {
				planned.put(topic.name(), spec);
			}
		}
	}

	private static void warnAboutCollisions(Collection<String> names) {
		Map<String, List<String>> byMetricName = names.stream()
			.collect(Collectors.groupingBy((name) -> name.replace('.', '_'), LinkedHashMap::new, Collectors.toList()));
		byMetricName.values().stream().filter((group) -> group.size() > 1).forEach((group) -> logger.warn("Topic names "
				+ group + " differ only in '.' and '_', which Kafka treats as the same in metric names: "
				+ "the cluster refuses to create the second one. Use either '.' or '_' in topic names, not both."));
	}

	private static void throwIfAny(List<Problem> problems) {
		if (!problems.isEmpty()) {
			throw new TopicProvisioningException(problems);
		}
	}

}
