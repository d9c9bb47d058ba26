package dev.kafkautils.sample.orders;

/**
 * Where a deliberately unreadable record was stored.
 *
 * @param key the record's key
 * @param topic the physical topic
 * @param partition the partition
 * @param offset the offset
 */
public record PoisonSent(String key, String topic, int partition, long offset) {

}
