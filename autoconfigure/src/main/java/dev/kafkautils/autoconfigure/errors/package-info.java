/**
 * Failure handling: retries with back-off, dead-letter topics and their headers, poison
 * pills, batch listeners' failing records, retry topics, failure events and replay
 * ({@code kafka.utils.retry},
 * {@code kafka.utils.dlq}, {@code kafka.utils.errors}).
 */
@NullMarked
package dev.kafkautils.autoconfigure.errors;

import org.jspecify.annotations.NullMarked;
