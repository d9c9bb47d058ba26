/**
 * The shared core of kafka-utils: the {@code kafka.utils} root properties (switch, service
 * name, topic prefix, logical topics, tiers), the service identity, logical-to-physical
 * topic names, the dead-letter naming and required-topics strategies, property errors and
 * the composed {@link dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils} condition.
 * Depends on no concern package; every concern may depend on it.
 */
@NullMarked
package dev.kafkautils.autoconfigure.core;

import org.jspecify.annotations.NullMarked;
