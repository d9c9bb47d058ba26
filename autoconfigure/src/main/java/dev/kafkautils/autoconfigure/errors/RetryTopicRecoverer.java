package dev.kafkautils.autoconfigure.errors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The recoverer of retry-topic mode, in place of spring-kafka's own: spring-kafka still
 * decides where a failed record goes (the next retry topic or the dead-letter topic), and
 * this one makes the dead-letter copy keep every promise of blocking mode: the
 * listener's own exception in the {@code kafka_dlt-exception-*} headers, the kafka-utils
 * headers (service, attempts, reason), capped stack traces, one WARN line, the failure
 * event and the {@link FailedRecordListener}s. A move to a retry topic is told to the
 * listeners too (the retry meter).
 * <p>
 * The record is described by its source topic, partition and offset (spring-kafka's
 * {@code kafka_original-*} headers) and by the source listener's group, so log lines,
 * events and meters read the same in both modes.
 */
final class RetryTopicRecoverer extends DeadLetterPublishingRecoverer {

	private final FailureHeaders headers;

	private final FailureReporter reporter;

	/** The failure being recovered on this thread, between accept and the publish. */
	private final ThreadLocal<@Nullable Failure> current = new ThreadLocal<>();

	RetryTopicRecoverer(Function<ProducerRecord<?, ?>, ? extends KafkaOperations<?, ?>> templates,
			BiFunction<ConsumerRecord<?, ?>, Exception, @Nullable TopicPartition> destinations, FailureHeaders headers,
			FailureReporter reporter) {
		super(templates, destinations);
		setExceptionHeadersCreator(new ExceptionHeaders());
		this.headers = headers;
		this.reporter = reporter;
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception exception) {
		Exception cause = FailureCause.ofException(exception);
		Failure failure = new Failure(cause, attempts(record));
		this.current.set(failure);
		try {
			super.accept(record, consumer, exception);
		}
		finally {
			this.current.remove();
		}
		String destination = failure.destination;
		if (destination == null) {
			return;
		}
		String sourceTopic = headerText(record, KafkaHeaders.ORIGINAL_TOPIC, record.topic());
		FailedRecord failed = new FailedRecord(record, sourceTopic,
				headerInt(record, KafkaHeaders.ORIGINAL_PARTITION, record.partition()),
				headerLong(record, KafkaHeaders.ORIGINAL_OFFSET, record.offset()), sourceGroup(record, sourceTopic),
				cause, failure.deadLetter ? failure.reason : FailureReporter.RETRY, failure.attempts, destination);
		if (failure.deadLetter) {
			this.reporter.deadLettered(failed);
		}
		else {
			this.reporter.sentToRetryTopic(failed);
		}
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte @Nullable [] key, byte @Nullable [] value) {
		Failure failure = this.current.get();
		if (failure != null) {
			String sourceTopic = headerText(record, KafkaHeaders.ORIGINAL_TOPIC, record.topic());
			failure.destination = topicPartition.topic();
			failure.deadLetter = !RetryTopicNames.isRetryTopicOf(topicPartition.topic(), sourceTopic);
			if (failure.deadLetter) {
				failure.reason = this.reporter.reason(failure.cause, failure.attempts);
				this.headers.create(failure.attempts, failure.reason).forEach(headers::add);
				this.headers.capStackTraces(headers);
			}
		}
		return super.createProducerRecord(record, topicPartition, headers, key, value);
	}

	/** The group of the source topic's listener: a retry container's group carries the topic's suffix. */
	private static @Nullable String sourceGroup(ConsumerRecord<?, ?> record, String sourceTopic) {
		String group = KafkaUtils.getConsumerGroupId();
		if (group == null || record.topic().equals(sourceTopic) || !record.topic().startsWith(sourceTopic)) {
			return group;
		}
		String suffix = record.topic().substring(sourceTopic.length());
		return group.endsWith(suffix) ? group.substring(0, group.length() - suffix.length()) : group;
	}

	/** spring-kafka's attempt header: the delivery attempt of this record, 1 on the source topic. */
	private static int attempts(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS);
		byte[] value = (header != null) ? header.value() : null;
		if (value == null) {
			return 1;
		}
		return (value.length == Integer.BYTES) ? ByteBuffer.wrap(value).getInt()
				: (value.length == 1) ? Byte.toUnsignedInt(value[0]) : 1;
	}

	private static String headerText(ConsumerRecord<?, ?> record, String name, String fallback) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8)
				: fallback;
	}

	private static int headerInt(ConsumerRecord<?, ?> record, String name, int fallback) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null && header.value().length == Integer.BYTES)
				? ByteBuffer.wrap(header.value()).getInt() : fallback;
	}

	private static long headerLong(ConsumerRecord<?, ?> record, String name, long fallback) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null && header.value().length == Long.BYTES)
				? ByteBuffer.wrap(header.value()).getLong() : fallback;
	}

	private static final class Failure {

		final Exception cause;

		final int attempts;

		@Nullable String destination;

		boolean deadLetter;

		String reason = FailureReporter.RETRY;

		Failure(Exception cause, int attempts) {
			this.cause = cause;
			this.attempts = attempts;
		}

	}

}
