package dev.kafkautils.sample.orders;

import org.jspecify.annotations.Nullable;

/**
 * Answer to {@code GET /orders/{id}}: the consumed order and, once it has been
 * consumed too, its audit entry.
 *
 * @param order the consumed order
 * @param audit the consumed audit entry, or {@code null} while it has not arrived
 */
public record OrderStatus(ProcessedOrder order, @Nullable OrderAudit audit) {
}
