package dev.kafkautils.autoconfigure.errors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.kafkautils.autoconfigure.topics.TopicNames;
import dev.kafkautils.autoconfigure.topics.TopicProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Names the dead-letter topic of a source topic: the per-topic
 * {@code kafka.utils.topics.<logical>.dlq} when set, else
 * {@code kafka.utils.dlq.topic-pattern} with its placeholders filled in. Either way the
 * topic prefix is applied once, in front. Provisioning and the recoverer both name DLQs
 * here, so they always agree.
 */
public final class DeadLetterTopicNames {

	static final String TOPIC = "{topic}";

	static final String SERVICE = "{service}";

	static final String GROUP = "{group}";

	private final TopicNames topicNames;

	private final Map<String, TopicProperties> topics;

	private final String pattern;

	private final String serviceName;

	private final Map<String, String> cache = new ConcurrentHashMap<>();

	public DeadLetterTopicNames(TopicNames topicNames, Map<String, TopicProperties> topics, String pattern,
			String serviceName) {
		this.topicNames = topicNames;
		this.topics = topics;
		this.pattern = pattern;
		this.serviceName = serviceName;
	}

	/**
	 * The physical name of the dead-letter topic of a source topic.
	 * @param sourceTopic the physical source topic
	 * @param group the consumer group, or {@code null} when unknown
	 * @return the physical dead-letter topic name
	 */
	public String forTopic(String sourceTopic, @Nullable String group) {
		String groupName = (group != null) ? group : "";
		String cacheKey = this.pattern.contains(GROUP) ? sourceTopic + '\u0000' + groupName : sourceTopic;
		return this.cache.computeIfAbsent(cacheKey, (key) -> resolve(sourceTopic, groupName));
	}

	private String resolve(String sourceTopic, String group) {
		String logical = this.topicNames.logical(sourceTopic);
		TopicProperties topic = (logical != null) ? this.topics.get(logical) : null;
		String prefix = this.topicNames.prefix();
		if (topic != null && StringUtils.hasText(topic.getDlq())) {
			return prefix + topic.getDlq();
		}
		String unprefixed = (!prefix.isEmpty() && sourceTopic.startsWith(prefix))
				? sourceTopic.substring(prefix.length()) : sourceTopic;
		return prefix + this.pattern.replace(TOPIC, unprefixed).replace(SERVICE, this.serviceName).replace(GROUP, group);
	}

	/**
	 * @return whether every source topic gets a dead-letter topic of its own
	 */
	public boolean isPerTopic() {
		return this.pattern.contains(TOPIC);
	}

}
