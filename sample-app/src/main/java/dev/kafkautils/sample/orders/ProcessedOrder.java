package dev.kafkautils.sample.orders;

/**
 * An {@code OrderCreated} record as the listener consumed it.
 *
 * @param orderId the order's id
 * @param customerId the customer who placed it
 * @param amountCents the amount in minor units
 * @param currency the currency code
 * @param partition the partition the record was read from
 * @param offset the record's offset
 */
public record ProcessedOrder(String orderId, String customerId, long amountCents, String currency, int partition,
		long offset) {
}
