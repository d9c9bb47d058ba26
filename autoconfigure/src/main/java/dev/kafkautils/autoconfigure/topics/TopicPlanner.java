package dev.kafkautils.autoconfigure.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.errors.DeadLetterTopicNames;
import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import dev.kafkautils.autoconfigure.topics.TopicTiers.Tier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Decides which topics this service provisions and with which settings, without
 * talking to the cluster: the declared topics ({@code kafka.utils.topics.*}) in their
 * tiers with per-topic overrides, the error-event topic in the {@code error} tier, and
 * the dead-letter topic of every consumed topic in the {@code dlq} tier. Validates names
 * and settings and applies {@code kafka.utils.provisioning.max-replication}.
 * <p>
 * The declared topics are planned and checked on construction, so a bad setting fails
 * start-up before any client connects; the topics implied by listeners are added by
 * {@link #plan(Collection)} once the listener containers exist.
 */
public class TopicPlanner {

	private static final Log logger = LogFactory.getLog(TopicPlanner.class);

	/** Longest topic name Kafka accepts. */
	static final int MAX_NAME_LENGTH = 249;

	private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

	private static final String PREFIX = KafkaUtilsProperties.PREFIX + ".";

	static final String MAX_REPLICATION = PREFIX + "provisioning.max-replication";

	static final String NAME_PATTERN = PREFIX + "provisioning.name-pattern";

	static final String ERROR_TOPIC = PREFIX + "errors.topic";

	static final String DLQ_PATTERN = PREFIX + "dlq.topic-pattern";

	private static final String MIN_ISR = TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG;

	/** spring-kafka's retry topic suffix, followed by nothing or {@code -<index>}. */
	private static final String RETRY_SUFFIX = "-retry";

	private static final Pattern RETRY_TOPIC_TAIL = Pattern.compile("(-\\d+)?");

	private final TopicNames topicNames;

	private final @Nullable DeadLetterTopicNames deadLetterTopicNames;

	private final Map<String, TopicProperties> topics;

	private final TopicTiers tiers;

	private final @Nullable String errorTopic;

	private final @Nullable Integer maxReplication;

	private final @Nullable Pattern namePattern;

	private final Map<String, TopicSpec> declared;

	/**
	 * Plan the declared topics.
	 * @param properties the kafka-utils properties
	 * @param topicNames logical-to-physical topic names
	 * @param deadLetterTopicNames dead-letter naming, or {@code null} when consumed topics
	 * get no dead-letter topics (kafka.utils.dlq.enabled=false)
	 * @throws TopicProvisioningException when a declared topic or a tier is misconfigured
	 */
	public TopicPlanner(KafkaUtilsProperties properties, TopicNames topicNames,
			@Nullable DeadLetterTopicNames deadLetterTopicNames) {
		this.topicNames = topicNames;
		this.deadLetterTopicNames = deadLetterTopicNames;
		this.topics = properties.getTopics();
		this.tiers = new TopicTiers(properties.getTiers());
		this.errorTopic = StringUtils.hasText(properties.getErrors().getTopic()) ? properties.getErrors().getTopic()
				: null;
		List<Problem> problems = new ArrayList<>();
		this.maxReplication = maxReplication(properties.getProvisioning().getMaxReplication(), problems);
		this.namePattern = namePattern(properties.getProvisioning().getNamePattern(), problems);
		Map<String, TopicSpec> declared = new LinkedHashMap<>();
		this.topics.forEach((logical, topic) -> {
			String property = PREFIX + "topics." + logical;
			String nameProperty = StringUtils.hasText(topic.getName()) ? property + ".name" : property;
			String defaultTier = logical.equals(this.errorTopic) ? TopicTiers.ERROR : TopicTiers.STANDARD;
			TopicSpec spec = spec(topicNames.physical(logical), nameProperty, defaultTier, property, topic, problems);
			if (spec != null) {
				declared.put(logical, spec);
			}
		});
		throwIfAny(problems);
		this.declared = Collections.unmodifiableMap(declared);
	}

	/**
	 * Whether a consumed topic belongs to another one's retry chain: in retry-topic mode
	 * spring-kafka adds listeners for the retry topics ({@code <topic>-retry[-n]}) and the
	 * dead-letter topic, which need no dead-letter topics of their own.
	 */
	private static boolean isRetryOrDeadLetterTopic(String topic, Collection<ConsumedTopic> consumed,
			Set<String> deadLetterTopics) {
		if (deadLetterTopics.contains(topic)) {
			return true;
		}
		for (ConsumedTopic other : consumed) {
			if (topic.startsWith(other.topic() + RETRY_SUFFIX) && RETRY_TOPIC_TAIL
				.matcher(topic.substring(other.topic().length() + RETRY_SUFFIX.length()))
				.matches()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The settings a topic of the {@code dlq} tier gets, clamped like every planned topic:
	 * for topics that spring-kafka creates on kafka-utils' behalf (retry topics).
	 * @param name the physical topic name
	 * @return the topic's settings
	 */
	public TopicSpec deadLetterTierTopic(String name) {
		TopicTiers.Tier tier = this.tiers.get(TopicTiers.DLQ);
		return clamp(new TopicSpec(name, TopicTiers.DLQ, tier.partitions(), tier.replicas(), tier.replicas(),
				tier.config(), Map.of()));
	}

	/**
	 * @return the declared topics by logical name
	 */
	public Map<String, TopicSpec> declared() {
		return this.declared;
	}

	/**
	 * Every topic to provision: the declared ones, the error-event topic and the
	 * dead-letter topics of the consumed topics. A topic that is declared keeps its
	 * declared settings when it is also the error-event or a dead-letter topic.
	 * @param consumed the topics this service's listeners consume
	 * @return the topics in the order planned
	 * @throws TopicProvisioningException when an implied topic gets an invalid name
	 */
	public List<TopicSpec> plan(Collection<ConsumedTopic> consumed) {
		Map<String, TopicSpec> planned = new LinkedHashMap<>();
		this.declared.values().forEach((spec) -> planned.put(spec.name(), spec));
		List<Problem> problems = new ArrayList<>();
		if (this.errorTopic != null) {
			addImplied(planned, this.topicNames.physical(this.errorTopic), ERROR_TOPIC, TopicTiers.ERROR, problems);
		}
		if (this.deadLetterTopicNames != null) {
			Set<String> deadLetterTopics = new HashSet<>();
			for (ConsumedTopic topic : consumed) {
				deadLetterTopics.add(this.deadLetterTopicNames.forTopic(topic.topic(), topic.group()));
			}
			for (ConsumedTopic topic : consumed) {
				if (isRetryOrDeadLetterTopic(topic.topic(), consumed, deadLetterTopics)) {
					continue;
				}
				String name = this.deadLetterTopicNames.forTopic(topic.topic(), topic.group());
				addImplied(planned, name, deadLetterNameProperty(topic.topic()), TopicTiers.DLQ, problems);
			}
		}
		throwIfAny(problems);
		warnAboutCollisions(planned.keySet());
		logClamping(planned.values());
		return List.copyOf(planned.values());
	}

	private void addImplied(Map<String, TopicSpec> planned, String name, String nameProperty, String tier,
			List<Problem> problems) {
		if (!planned.containsKey(name)) {
			TopicSpec spec = spec(name, nameProperty, tier, null, null, problems);
			if (spec != null) {
				planned.put(name, spec);
			}
		}
	}

	private String deadLetterNameProperty(String sourceTopic) {
		String logical = this.topicNames.logical(sourceTopic);
		TopicProperties topic = (logical != null) ? this.topics.get(logical) : null;
		return (topic != null && StringUtils.hasText(topic.getDlq())) ? PREFIX + "topics." + logical + ".dlq"
				: DLQ_PATTERN;
	}

	private @Nullable TopicSpec spec(String name, String nameProperty, String defaultTier,
			@Nullable String topicProperty, @Nullable TopicProperties topic, List<Problem> problems) {
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
		checkName(spec, problems);
		checkSizes(spec, problems);
		return (problems.size() == before) ? clamp(spec) : null;
	}

	private void checkName(TopicSpec spec, List<Problem> problems) {
		String name = spec.name();
		String property = spec.propertyFor("name");
		String builtFrom = this.topicNames.prefix().isEmpty() ? property
				: property + " with kafka.utils.topic-prefix '" + this.topicNames.prefix() + "'";
		if (name.isEmpty() || name.equals(".") || name.equals("..") || !LEGAL_NAME.matcher(name).matches()) {
			problems.add(new Problem(property, "Topic name '" + name + "' (from " + builtFrom
					+ ") is not a legal Kafka topic name",
					"Use only ASCII letters, digits, '.', '_' and '-' in " + property
							+ " and kafka.utils.topic-prefix; '.' and '..' alone are not allowed"));
		}
		else if (name.length() > MAX_NAME_LENGTH) {
			problems.add(new Problem(property, "Topic name '" + name + "' (from " + builtFrom + ") is "
					+ name.length() + " characters long, more than Kafka's limit of " + MAX_NAME_LENGTH,
					"Shorten " + property + " or kafka.utils.topic-prefix"));
		}
		else if (this.namePattern != null && !this.namePattern.matcher(name).matches()) {
			problems.add(new Problem(property, "Topic name '" + name + "' (from " + builtFrom
					+ ") does not match the naming convention " + NAME_PATTERN + "=" + this.namePattern.pattern(),
					"Rename the topic through " + property + " so that it matches, or change " + NAME_PATTERN));
		}
	}

	private void checkSizes(TopicSpec spec, List<Problem> problems) {
		if (spec.partitions() < 1) {
			problems.add(new Problem(spec.propertyFor("partitions"),
					"Topic '" + spec.name() + "' would get " + spec.partitions() + " partitions",
					"Set " + spec.propertyFor("partitions") + " to 1 or more"));
		}
		if (spec.replicas() < 1 || spec.replicas() > Short.MAX_VALUE) {
			problems.add(new Problem(spec.propertyFor("replicas"),
					"Topic '" + spec.name() + "' would get replication factor " + spec.replicas(),
					"Set " + spec.propertyFor("replicas") + " to 1 or more (at most the number of brokers)"));
			return;
		}
		String minIsr = spec.config().get(MIN_ISR);
		if (minIsr == null) {
			return;
		}
		String property = spec.propertyFor("config." + MIN_ISR);
		int value;
		try {
			value = Integer.parseInt(minIsr.trim());
		}
		catch (NumberFormatException ex) {
			problems.add(new Problem(property, "min.insync.replicas '" + minIsr + "' of topic '" + spec.name()
					+ "' is not a number", "Set " + property + " to a whole number"));
			return;
		}
		if (value > spec.replicas()) {
			problems.add(new Problem(property,
					"Topic '" + spec.name() + "' would get min.insync.replicas " + value
							+ ", more than its replication factor " + spec.replicas() + " ("
							+ spec.propertyFor("replicas") + "), so no acks=all write could ever succeed",
					"Lower " + property + " or raise " + spec.propertyFor("replicas")));
		}
	}

	private TopicSpec clamp(TopicSpec spec) {
		if (this.maxReplication == null || spec.replicas() <= this.maxReplication) {
			return spec;
		}
		Map<String, String> config = new LinkedHashMap<>(spec.config());
		Integer minIsr = spec.minInSyncReplicas();
		if (minIsr != null && minIsr > this.maxReplication) {
			config.put(MIN_ISR, Integer.toString(this.maxReplication));
		}
		return new TopicSpec(spec.name(), spec.tier(), spec.partitions(), this.maxReplication,
				spec.requestedReplicas(), config, spec.sources());
	}

	private void logClamping(Collection<TopicSpec> specs) {
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

	private static void warnAboutCollisions(Collection<String> names) {
		Map<String, List<String>> byMetricName = names.stream()
			.collect(Collectors.groupingBy((name) -> name.replace('.', '_'), LinkedHashMap::new, Collectors.toList()));
		byMetricName.values().stream().filter((group) -> group.size() > 1).forEach((group) -> logger.warn("Topic names "
				+ group + " differ only in '.' and '_', which Kafka treats as the same in metric names: "
				+ "the cluster refuses to create the second one. Use either '.' or '_' in topic names, not both."));
	}

	private static @Nullable Integer maxReplication(@Nullable Integer value, List<Problem> problems) {
		if (value != null && value < 1) {
			problems.add(new Problem(MAX_REPLICATION, "Maximum replication " + value + " is less than 1",
					"Set " + MAX_REPLICATION + " to 1 or more, or remove it to turn clamping off"));
			return null;
		}
		return value;
	}

	private static @Nullable Pattern namePattern(@Nullable String regex, List<Problem> problems) {
		if (!StringUtils.hasText(regex)) {
			return null;
		}
		try {
			return Pattern.compile(regex);
		}
		catch (PatternSyntaxException ex) {
			problems.add(new Problem(NAME_PATTERN, "Topic naming convention '" + regex
					+ "' is not a valid regular expression: " + ex.getDescription(),
					"Fix the regular expression in " + NAME_PATTERN));
			return null;
		}
	}

	private static void throwIfAny(List<Problem> problems) {
		if (!problems.isEmpty()) {
			throw new TopicProvisioningException(problems);
		}
	}

}
