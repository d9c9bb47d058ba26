package dev.kafkautils.autoconfigure.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.SubjectNameStrategy;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.TopicSettings;
import org.jspecify.annotations.Nullable;

/**
 * The subject a payload schema is registered under, by the topic's subject name strategy
 * ({@code kafka.utils.schema-registry.topics.<logical>.subject-name-strategy}, else
 * {@code subject-name-strategy}): {@code {topic}-value} (the default, Confluent's
 * TopicNameStrategy), the record's fully qualified name, or {@code {topic}-{record}}.
 * Subjects are computed once per topic and record and cached.
 */
public final class SubjectNames {

	private final SchemaRegistryProperties properties;

	private final TopicNames topicNames;

	private final Map<String, SubjectNameStrategy> strategies = new ConcurrentHashMap<>();

	/**
	 * @param properties the registry settings
	 * @param topicNames the topic names, to find a physical topic's logical name
	 */
	public SubjectNames(SchemaRegistryProperties properties, TopicNames topicNames) {
		this.properties = properties;
		this.topicNames = topicNames;
	}

	/**
	 * @param topic the physical topic name
	 * @param isKey whether the schema is the key's
	 * @param recordName the fully qualified name of the message type (or JSON class)
	 * @return the subject
	 */
	public String subject(String topic, boolean isKey, String recordName) {
		return switch (strategy(topic)) {
			case TOPIC -> topic + (isKey ? "-key" : "-value");
			case RECORD -> recordName;
			case TOPIC_RECORD -> topic + "-" + recordName;
		};
	}

	/**
	 * @param topic the physical topic name
	 * @return the topic's subject name strategy
	 */
	public SubjectNameStrategy strategy(String topic) {
		return this.strategies.computeIfAbsent(topic, (physical) -> {
			TopicSettings settings = topicSettings(physical);
			return (settings != null && settings.getSubjectNameStrategy() != null) ? settings.getSubjectNameStrategy()
					: this.properties.getSubjectNameStrategy();
		});
	}

	/**
	 * @param topic the physical topic name
	 * @return the registry settings of the topic, or {@code null} when it has none
	 */
	@Nullable TopicSettings topicSettings(String topic) {
		String logical = this.topicNames.logical(topic);
		TopicSettings settings = (logical != null) ? this.properties.getTopics().get(logical) : null;
		return (settings != null) ? settings : this.properties.getTopics().get(topic);
	}

}
