package dev.kafkautils.autoconfigure.consumer;

import java.lang.reflect.AnnotatedElement;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kafkautils.autoconfigure.core.TopicNames;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor.AnnotationEnhancer;

/**
 * Lets {@code @KafkaListener(topics = "orders")} use logical topic names: each entry of
 * {@code topics} is resolved through {@link TopicNames} (property placeholders first),
 * so the topic prefix is applied exactly as on the sending side. SpEL entries
 * ({@code #{...}}), topic patterns and explicit topic partitions are left as written.
 */
class TopicNameAnnotationEnhancer implements AnnotationEnhancer {

	private static final String TOPICS = "topics";

	private final ObjectProvider<TopicNames> topicNames;

	private final Environment environment;

	TopicNameAnnotationEnhancer(ObjectProvider<TopicNames> topicNames, Environment environment) {
		this.topicNames = topicNames;
		this.environment = environment;
	}

	@Override
	public Map<String, Object> apply(Map<String, Object> attributes, AnnotatedElement element) {
		if (!(attributes.get(TOPICS) instanceof String[] topics) || topics.length == 0) {
			return attributes;
		}
		TopicNames names = this.topicNames.getObject();
		String[] physical = new String[topics.length];
		for (int i = 0; i < topics.length; i++) {
			physical[i] = topics[i].contains("#{") ? topics[i]
					: names.physical(this.environment.resolveRequiredPlaceholders(topics[i]));
		}
		Map<String, Object> enhanced = new LinkedHashMap<>(attributes);
		enhanced.put(TOPICS, physical);
		return enhanced;
	}

}
