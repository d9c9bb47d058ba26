package dev.kafkautils.autoconfigure.core;

/**
 * A topic that a kafka-utils concern needs and that provisioning creates in a tier
 * unless it is declared under {@code kafka.utils.topics}: a dead-letter topic, the
 * error-event topic.
 *
 * @param name the physical topic name
 * @param tier the tier it gets when it is not declared, e.g. {@code dlq}
 * @param property the property that names it, for error messages
 */
public record RequiredTopic(String name, String tier, String property) {
}
