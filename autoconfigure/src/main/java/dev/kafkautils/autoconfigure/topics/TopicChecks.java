package dev.kafkautils.autoconfigure.topics;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Checks a planned topic before any client connects: a legal Kafka name within Kafka's
 * length limit that follows {@code kafka.utils.provisioning.name-pattern}, at least one
 * partition and replica, and a {@code min.insync.replicas} that an {@code acks=all} write
 * can meet. Each problem names the property that caused it.
 */
final class TopicChecks {

	/** Longest topic name Kafka accepts. */
	static final int MAX_NAME_LENGTH = 249;

	static final String NAME_PATTERN = ProvisioningProperties.PREFIX + ".name-pattern";

	private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

	private static final String MIN_ISR = TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG;

	private final String prefix;

	private final @Nullable Pattern namePattern;

	private TopicChecks(String prefix, @Nullable Pattern namePattern) {
		this.prefix = prefix;
		this.namePattern = namePattern;
	}

	/**
	 * @param prefix the topic prefix, for messages
	 * @param namePattern the configured naming convention, or {@code null}
	 * @param problems receives a problem when the convention is not a valid expression
	 * @return the checks
	 */
	static TopicChecks of(String prefix, @Nullable String namePattern, List<Problem> problems) {
		return new TopicChecks(prefix, compile(namePattern, problems));
	}

	private static @Nullable Pattern compile(@Nullable String regex, List<Problem> problems) {
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

	/**
	 * Check a topic's name and sizes.
	 * @param spec the topic
	 * @param problems receives what is wrong
	 */
	void check(TopicSpec spec, List<Problem> problems) {
		checkName(spec, problems);
		checkSizes(spec, problems);
	}

	private void checkName(TopicSpec spec, List<Problem> problems) {
		String name = spec.name();
		String property = spec.propertyFor("name");
		String builtFrom = this.prefix.isEmpty() ? property
				: property + " with kafka.utils.topic-prefix '" + this.prefix + "'";
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

	private static void checkSizes(TopicSpec spec, List<Problem> problems) {
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

}
