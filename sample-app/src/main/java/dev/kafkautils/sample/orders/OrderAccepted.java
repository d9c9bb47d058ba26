package dev.kafkautils.sample.orders;

/**
 * Answer to {@code POST /orders}: where the broker stored the {@code OrderCreated}
 * record.
 *
 * @param orderId the id given to the order
 * @param topic the physical topic name
 * @param partition the partition the record went to
 * @param offset the record's offset in that partition
 */
public record OrderAccepted(String orderId, String topic, int partition, long offset) {
}
