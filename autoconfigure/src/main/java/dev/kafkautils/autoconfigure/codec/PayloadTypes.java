package dev.kafkautils.autoconfigure.codec;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The payload type of each declared topic ({@code kafka.utils.topics.<logical>.type}),
 * by physical topic name: listeners read records of the topic as that type, and the
 * serializer refuses to send anything else to it. Every configured type is loaded and
 * checked when this is built, so a wrong class fails start-up instead of the first
 * record.
 */
public final class PayloadTypes {

	private final Map<String, DeclaredType> byTopic;

	private PayloadTypes(Map<String, DeclaredType> byTopic) {
		this.byTopic = byTopic;
	}

	/**
	 * Load and check the configured payload types.
	 * @param topics the declared topics by logical name
	 * @param names the topic names
	 * @param readers the reader cache
	 * @param classLoader the class loader to load payload classes with
	 * @return the payload types
	 * @throws InvalidPayloadTypeException when a type is missing or unusable
	 */
	public static PayloadTypes of(Map<String, TopicProperties> topics, TopicNames names, PayloadReaders readers,
			@Nullable ClassLoader classLoader) {
		Map<String, DeclaredType> byTopic = new HashMap<>();
		topics.forEach((logical, topic) -> {
			String typeName = topic.getType();
			if (!StringUtils.hasText(typeName)) {
				return;
			}
			String property = KafkaUtilsProperties.PREFIX + ".topics." + logical + ".type";
			Class<?> type;
			try {
				type = ClassUtils.forName(typeName.trim(), classLoader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				throw new InvalidPayloadTypeException(property, typeName, "no such class on the classpath", ex);
			}
			try {
				byTopic.put(names.physical(logical), new DeclaredType(type, readers.forType(type), property));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidPayloadTypeException(property, typeName, ex.getMessage(), ex);
			}
		});
		return new PayloadTypes(Collections.unmodifiableMap(byTopic));
	}

	/**
	 * The reader for a topic's configured type.
	 * @param physicalTopic the physical topic name
	 * @return the reader, or {@code null} when the topic has no configured type
	 */
	public @Nullable PayloadReader forTopic(String physicalTopic) {
		DeclaredType declared = this.byTopic.get(physicalTopic);
		return (declared != null) ? declared.reader() : null;
	}

	/**
	 * The configured type of a topic.
	 * @param physicalTopic the physical topic name
	 * @return the type, or {@code null} when the topic has none
	 */
	public @Nullable Class<?> typeFor(String physicalTopic) {
		DeclaredType declared = this.byTopic.get(physicalTopic);
		return (declared != null) ? declared.type() : null;
	}

	/**
	 * @return the configured type of every topic that has one, by physical topic name
	 */
	public Map<String, Class<?>> types() {
		Map<String, Class<?>> types = new TreeMap<>();
		this.byTopic.forEach((topic, declared) -> types.put(topic, declared.type()));
		return Collections.unmodifiableMap(types);
	}

	/**
	 * Refuse a value that the topic's configured type does not allow. Instances of the
	 * type or of a subtype pass, and so do values of topics without a configured type,
	 * {@code byte[]} values (bytes are sent as they are: the escape hatch for payloads
	 * encoded elsewhere, such as dead-letter replays) and {@code null} (a tombstone).
	 * Costs one map lookup and allocates nothing.
	 * @param physicalTopic the physical topic name
	 * @param value the value to send
	 * @throws PayloadTypeMismatchException when the value is of another type
	 */
	public void checkSendable(String physicalTopic, @Nullable Object value) {
		if (value == null || value instanceof byte[]) {
			return;
		}
		DeclaredType declared = this.byTopic.get(physicalTopic);
		if (declared != null && !declared.type().isInstance(value)) {
			throw new PayloadTypeMismatchException(physicalTopic, declared.property(), declared.type(),
					value.getClass());
		}
	}

	private record DeclaredType(Class<?> type, PayloadReader reader, String property) {
	}

}
