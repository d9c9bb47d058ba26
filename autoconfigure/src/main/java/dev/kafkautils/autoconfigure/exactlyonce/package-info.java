/**
 * Exactly-once consume-transform-produce by one property
 * ({@code kafka.utils.exactly-once}): transactional producers with a transaction-id
 * prefix per instance, {@code read_committed} consumers, listener containers that run
 * each delivery in a Kafka transaction, and start-up checks of the settings that would
 * break it.
 */
@NullMarked
package dev.kafkautils.autoconfigure.exactlyonce;

import org.jspecify.annotations.NullMarked;
