package dev.kafkautils.autoconfigure.errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kafkautils.autoconfigure.core.ConsumedTopic;
import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import dev.kafkautils.autoconfigure.core.RequiredTopic;
import dev.kafkautils.autoconfigure.core.RequiredTopics;
import dev.kafkautils.autoconfigure.core.TierProperties;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The topics the error handling writes to, for provisioning: the error-event topic
 * ({@code kafka.utils.errors.topic}) in the {@code error} tier, the dead-letter topic of
 * every consumed topic in the {@code dlq} tier, and in retry-topic mode the retry topics
 * in the {@code dlq} tier too. Retry topics and the dead-letter topics that spring-kafka's
 * retry-topic mode consumes need no dead-letter topics of their own.
 */
public class ErrorHandlingTopics implements RequiredTopics {

	private static final String ERROR_TOPIC = ErrorEventProperties.PREFIX + ".topic";

	private static final String TOPIC_PATTERN = DeadLetterProperties.PREFIX + ".topic-pattern";

	private static final String RETRY_MODE = RetryProperties.PREFIX + ".mode";

	private final TopicNames topicNames;

	private final Map<String, TopicProperties> topics;

	private final @Nullable String errorTopic;

	private final @Nullable DeadLetterTopicResolver deadLetterTopics;

	/**
	 * @param topicNames the logical-to-physical topic names
	 * @param topics the declared topics by logical name
	 * @param errorTopic the logical error-event topic, or {@code null} for none
	 * @param deadLetterTopics the dead-letter naming, or {@code null} when dead-lettering
	 * is off
	 */
	public ErrorHandlingTopics(TopicNames topicNames, Map<String, TopicProperties> topics, @Nullable String errorTopic,
			@Nullable DeadLetterTopicResolver deadLetterTopics) {
		this.topicNames = topicNames;
		this.topics = topics;
		this.errorTopic = StringUtils.hasText(errorTopic) ? errorTopic : null;
		this.deadLetterTopics = deadLetterTopics;
	}

	@Override
	public Collection<RequiredTopic> fixed() {
		if (this.errorTopic == null) {
			return List.of();
		}
		return List.of(new RequiredTopic(this.topicNames.physical(this.errorTopic), TierProperties.ERROR, ERROR_TOPIC));
	}

	@Override
	public Collection<RequiredTopic> forConsumed(Collection<ConsumedTopic> consumed) {
		if (this.deadLetterTopics == null) {
			return List.of();
		}
		Set<String> deadLetterTopics = new HashSet<>();
		for (ConsumedTopic topic : consumed) {
			deadLetterTopics.add(this.deadLetterTopics.resolve(topic.topic(), topic.group()));
		}
		List<RequiredTopic> required = new ArrayList<>();
		for (ConsumedTopic topic : consumed) {
			if (isRetryTopic(topic.topic(), consumed)) {
				// created here, not by spring-kafka, so that they get the dlq tier like the dead-letter topic
				required.add(new RequiredTopic(topic.topic(), TierProperties.DLQ, RETRY_MODE));
			}
			else if (!deadLetterTopics.contains(topic.topic())) {
				required.add(new RequiredTopic(this.deadLetterTopics.resolve(topic.topic(), topic.group()),
						TierProperties.DLQ, deadLetterNameProperty(topic.topic())));
			}
		}
		return required;
	}

	/**
	 * Whether a consumed topic belongs to another one's retry chain: in retry-topic mode
	 * spring-kafka adds listeners for the retry topics ({@code <topic>-retry[-n]}).
	 */
	private static boolean isRetryTopic(String topic, Collection<ConsumedTopic> consumed) {
		for (ConsumedTopic other : consumed) {
			if (RetryTopicNames.isRetryTopicOf(topic, other.topic())) {
				return true;
			}
		}
		return false;
	}

	private String deadLetterNameProperty(String sourceTopic) {
		String logical = this.topicNames.logical(sourceTopic);
		TopicProperties topic = (logical != null) ? this.topics.get(logical) : null;
		return (topic != null && StringUtils.hasText(topic.getDlq()))
				? TopicProperties.PREFIX + "." + logical + ".dlq" : TOPIC_PATTERN;
	}

}
