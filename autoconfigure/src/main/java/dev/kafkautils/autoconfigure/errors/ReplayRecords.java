package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * How a dead-lettered record goes back: to its original topic (spring-kafka's
 * {@code kafka_dlt-original-topic}, or {@code kafka_original-topic} for records that came
 * through retry topics), with key, value bytes and the record's own headers, without the
 * headers that describe the failure or the retries, and with
 * {@link DeadLetterHeaders#REPLAY_COUNT} raised by one.
 */
final class ReplayRecords {

	private static final String[] FAILURE_HEADER_PREFIXES = { DeadLetterHeaders.DEAD_LETTER_PREFIX,
			KafkaHeaders.PREFIX + "original-", KafkaHeaders.PREFIX + "exception-",
			KafkaHeaders.PREFIX + "key-exception-", "retry_topic-" };

	private ReplayRecords() {
	}

	static ProducerRecord<Object, Object> replayRecord(ConsumerRecord<byte[], byte[]> record, Header origin,
			int count) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : record.headers()) {
			if (!isFailureHeader(header.key())) {
				headers.add(header);
			}
		}
		headers.add(new RecordHeader(DeadLetterHeaders.REPLAY_COUNT,
				Integer.toString(count + 1).getBytes(StandardCharsets.US_ASCII)));
		String topic = new String(origin.value(), StandardCharsets.UTF_8);
		return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
	}

	/**
	 * @param record a dead-lettered record
	 * @return its original-topic header, or {@code null} when it has none
	 */
	static @Nullable Header originalTopic(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC);
		return (header != null) ? header : record.headers().lastHeader(KafkaHeaders.ORIGINAL_TOPIC);
	}

	/** Headers that describe a failure or a retry, not the record: not replayed. */
	private static boolean isFailureHeader(String name) {
		for (String prefix : FAILURE_HEADER_PREFIXES) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return name.equals(DeadLetterHeaders.REPLAY_COUNT);
	}

	static int replayCount(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(DeadLetterHeaders.REPLAY_COUNT);
		if (header == null || header.value() == null) {
			return 0;
		}
		try {
			return Integer.parseInt(new String(header.value(), StandardCharsets.US_ASCII).trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
