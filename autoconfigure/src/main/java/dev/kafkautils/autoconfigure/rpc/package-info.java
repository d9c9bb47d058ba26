/**
 * Request/reply over Kafka ({@code kafka.utils.rpc}): typed clients built on spring-kafka's
 * {@code ReplyingKafkaTemplate}, each with a reply consumer group of its own, deadlines
 * sent with every request and honoured by servers, error replies for server exceptions,
 * and the request and reply topics for provisioning. Servers are ordinary
 * {@code @KafkaListener} methods with {@code @SendTo}.
 */
@NullMarked
package dev.kafkautils.autoconfigure.rpc;

import org.jspecify.annotations.NullMarked;
