package dev.kafkautils.sample.orders;

import java.time.Instant;

/**
 * Audit trail entry for an order, sent as JSON to {@link OrderTopics#ORDER_AUDIT} so
 * that tools without the protobuf schema can read it. Listeners receive it typed
 * because {@code kafka.utils.topics.order-audit.type} names this class.
 *
 * @param orderId the order's id
 * @param customerId the customer who placed it
 * @param action what happened to the order
 * @param at when it happened
 */
public record OrderAudit(String orderId, String customerId, String action, Instant at) {

	/** The action of the entry written when an order is accepted. */
	public static final String ACCEPTED = "ACCEPTED";

}
