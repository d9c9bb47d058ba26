/**
 * Share groups (KIP-932, Kafka 4.2): the auto-configured share consumer factory and share
 * listener container factory, typed payloads through the codec, failed records released
 * for redelivery and dead-lettered like those of ordinary listeners, the group settings
 * provisioned at start-up, and the share listeners' meters.
 */
@NullMarked
package dev.kafkautils.autoconfigure.share;

import org.jspecify.annotations.NullMarked;
