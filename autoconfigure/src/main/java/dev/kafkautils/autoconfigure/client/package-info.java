/**
 * Production defaults for Spring Boot's Kafka clients, SASL and AWS MSK IAM settings,
 * and the start-up connection check ({@code kafka.utils.client}, {@code kafka.utils.security}).
 */
@NullMarked
package dev.kafkautils.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
