package dev.kafkautils.autoconfigure.errors;

/**
 * What one replay of a dead-letter topic did.
 *
 * @param deadLetterTopic the dead-letter topic read
 * @param replayed records sent back to their original topic
 * @param skippedAtLimit records not replayed because they had been replayed
 * {@code kafka.utils.dlq.replay.max-replays} times already
 * @param skippedWithoutOrigin records without a {@code kafka_dlt-original-topic} header
 */
public record ReplayResult(String deadLetterTopic, int replayed, int skippedAtLimit, int skippedWithoutOrigin) {

}
