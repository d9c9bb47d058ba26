package dev.kafkautils.autoconfigure.core;

import org.jspecify.annotations.Nullable;

/**
 * A topic a listener of this service consumes, and the group it consumes it in: the
 * input from which topics such as dead-letter topics are planned ({@link RequiredTopics}).
 *
 * @param topic the physical topic name
 * @param group the consumer group, {@code null} when unknown
 */
public record ConsumedTopic(String topic, @Nullable String group) {
}
