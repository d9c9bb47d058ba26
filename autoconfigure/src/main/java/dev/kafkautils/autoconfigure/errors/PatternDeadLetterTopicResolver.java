package dev.kafkautils.autoconfigure.errors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The default {@link DeadLetterTopicResolver}: the per-topic
 * {@code kafka.utils.topics.<logical>.dlq} when set, else
 * {@code kafka.utils.dlq.topic-pattern} with its placeholders filled in. Either way the
 * topic prefix is applied once, in front. Names are cached per source topic (and group,
 * when the pattern uses it), so the failure path does no string work after the first
 * record.
 */
public class PatternDeadLetterTopicResolver implements DeadLetterTopicResolver {

	static final String TOPIC = "{topic}";

	static final String SERVICE = "{service}";

	static final String GROUP = "{group}";

	private final TopicNames topicNames;

	private final Map<String, TopicProperties> topics;

	private final String pattern;

	private final String serviceName;

	private final Map<String, String> cache = new ConcurrentHashMap<>();

	/**
	 * @param topicNames the logical-to-physical topic names
	 * @param topics the declared topics by logical name, for their {@code dlq} settings
	 * @param pattern the name pattern with {topic}, {service} and {group} placeholders
	 * @param serviceName the service name for {service}
	 */
	public PatternDeadLetterTopicResolver(TopicNames topicNames, Map<String, TopicProperties> topics, String pattern,
			String serviceName) {
		this.topicNames = topicNames;
		this.topics = topics;
		this.pattern = pattern;
		this.serviceName = serviceName;
	}

	@Override
	public String resolve(String sourceTopic, @Nullable String group) {
		String groupName = (group != null) ? group : "";
		String cacheKey = this.pattern.contains(GROUP) ? sourceTopic + '\u0000' + groupName : sourceTopic;
		return this.cache.computeIfAbsent(cacheKey, (key) -> name(sourceTopic, groupName));
	}

	private String name(String sourceTopic, String group) {
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

}
