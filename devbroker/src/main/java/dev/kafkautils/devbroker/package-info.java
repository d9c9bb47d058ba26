/**
 * For development only: an in-JVM KRaft broker that Spring Boot's Kafka auto-configuration
 * uses when the application is not told where Kafka is ({@code spring.kafka.bootstrap-servers}).
 * Add this module with {@code <optional>true</optional>} (or in a Maven profile) so that
 * it never reaches a production jar.
 */
@NullMarked
package dev.kafkautils.devbroker;

import org.jspecify.annotations.NullMarked;
