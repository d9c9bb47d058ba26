package dev.kafkautils.autoconfigure.errors;

import java.util.Map;

/**
 * What one replay of a dead-letter topic did. Counts are exact: a record counts as
 * replayed once its original topic acknowledged it.
 *
 * @param deadLetterTopic the dead-letter topic read
 * @param replayed records sent back to their original topic and acknowledged there
 * @param skippedAtLimit records not replayed because they had been replayed
 * {@code kafka.utils.dlq.replay.max-replays} times already
 * @param skippedWithoutOrigin records without a {@code kafka_dlt-original-topic} header
 * @param complete whether the whole requested range was read; {@code false} when the
 * replay stopped at {@code kafka.utils.dlq.replay.timeout} or because a record could not
 * be sent back
 * @param resumeAt for an incomplete replay, the first offset not replayed in each
 * partition that was not finished, to replay from there (records after it in the same
 * poll that were acknowledged are counted, and would go back again); empty when complete
 */
public record ReplayResult(String deadLetterTopic, int replayed, int skippedAtLimit, int skippedWithoutOrigin,
		boolean complete, Map<Integer, Long> resumeAt) {

	/**
	 * A replay that read the whole requested range.
	 * @param deadLetterTopic the dead-letter topic read
	 * @param replayed records sent back and acknowledged
	 * @param skippedAtLimit records skipped at the replay limit
	 * @param skippedWithoutOrigin records skipped without an original topic
	 */
	public ReplayResult(String deadLetterTopic, int replayed, int skippedAtLimit, int skippedWithoutOrigin) {
		this(deadLetterTopic, replayed, skippedAtLimit, skippedWithoutOrigin, true, Map.of());
	}

	public ReplayResult {
		resumeAt = Map.copyOf(resumeAt);
	}

}
