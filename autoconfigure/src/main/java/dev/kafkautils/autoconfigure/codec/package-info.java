/**
 * Typed payloads: the serializer for protobuf, JSON, text and bytes, the standard
 * headers, and the message converter that gives {@code @KafkaListener} methods their
 * payload type ({@code kafka.utils.headers}, {@code kafka.utils.topics.<logical>.type}).
 */
@NullMarked
package dev.kafkautils.autoconfigure.codec;

import org.jspecify.annotations.NullMarked;
