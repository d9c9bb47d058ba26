/**
 * Micrometer meters for produced, consumed, retried and dead-lettered records, and
 * consumer lag ({@code kafka.utils.metrics}).
 */
@NullMarked
package dev.kafkautils.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
