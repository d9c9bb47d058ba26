/**
 * Topic provisioning by tiers: planning, checks, replication clamping and creation or
 * update of topics at start-up ({@code kafka.utils.provisioning}).
 */
@NullMarked
package dev.kafkautils.autoconfigure.topics;

import org.jspecify.annotations.NullMarked;
