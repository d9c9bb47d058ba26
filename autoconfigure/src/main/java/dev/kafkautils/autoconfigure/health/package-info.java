/**
 * The {@code kafka} health indicator and its readiness group membership
 * ({@code kafka.utils.health}).
 */
@NullMarked
package dev.kafkautils.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
