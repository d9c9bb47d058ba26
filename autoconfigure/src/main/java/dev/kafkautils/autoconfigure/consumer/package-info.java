/**
 * {@code @KafkaListener} support: logical topic names in annotations and the composition
 * of record interceptors on listener container factories.
 */
@NullMarked
package dev.kafkautils.autoconfigure.consumer;

import org.jspecify.annotations.NullMarked;
