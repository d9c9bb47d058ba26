/**
 * Tracing through Micrometer Observation and correlation ids in the MDC and on records
 * sent ({@code kafka.utils.observation}, {@code kafka.utils.correlation}).
 */
@NullMarked
package dev.kafkautils.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
