package dev.kafkautils.autoconfigure.topics;

import org.jspecify.annotations.Nullable;

/**
 * A topic a listener of this service consumes, and the group it consumes it in: the
 * input from which dead-letter topics are planned.
 *
 * @param topic the physical topic name
 * @param group the consumer group, {@code null} when unknown
 */
public record ConsumedTopic(String topic, @Nullable String group) {
}
