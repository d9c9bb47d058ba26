/**
 * The auto-configured {@code KafkaTemplate} with logical topic names, send listeners and
 * {@code sendAndWait} ({@code kafka.utils.producer}).
 */
@NullMarked
package dev.kafkautils.autoconfigure.producer;

import org.jspecify.annotations.NullMarked;
