package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Publishes records that failed for good to their dead-letter topic, keeping the key,
 * the value bytes and the original headers, adding spring-kafka's {@code kafka_dlt-*}
 * headers (stack trace capped) plus the service, the attempt count and the reason. Then
 * it logs one line and, when configured, publishes a {@link FailureEvent}.
 * <p>
 * The destination partition is left to the producer's partitioner (by key), never the
 * source partition number: dead-letter topics usually have fewer partitions than their
 * sources. If publishing fails, the exception propagates, the record is not committed
 * and the error handler tries again: nothing is dropped.
 */
public class DeadLetterRecoverer extends DeadLetterPublishingRecoverer {

	private static final Log logger = LogFactory.getLog(DeadLetterRecoverer.class);

	private static final String[] STACK_TRACE_HEADERS = { KafkaHeaders.DLT_EXCEPTION_STACKTRACE,
			KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE };

	private final DeadLetterTopicResolver deadLetterTopics;

	private final DeliveryAttempts attempts;

	private final String serviceName;

	private final byte[] serviceHeader;

	private final int maxAttempts;

	private final int maxStackTraceLength;

	private final @Nullable FailureEventPublisher events;

	DeadLetterRecoverer(DeadLetterProducer producer, DeadLetterTopicResolver deadLetterTopics, DeliveryAttempts attempts,
			String serviceName, int maxAttempts, int maxStackTraceLength, @Nullable FailureEventPublisher events) {
		super(producer.template(),
				(record, ex) -> new TopicPartition(
						deadLetterTopics.resolve(record.topic(), KafkaUtils.getConsumerGroupId()),
						-1));
		this.deadLetterTopics = deadLetterTopics;
		this.attempts = attempts;
		this.serviceName = serviceName;
		this.serviceHeader = serviceName.getBytes(StandardCharsets.UTF_8);
		this.maxAttempts = maxAttempts;
		this.maxStackTraceLength = maxStackTraceLength;
		this.events = events;
		setHeadersFunction(this::failureHeaders);
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception exception) {
		int attempt = this.attempts.current();
		super.accept(record, consumer, exception);
		String group = KafkaUtils.getConsumerGroupId();
		String deadLetterTopic = this.deadLetterTopics.resolve(record.topic(), group);
		Throwable cause = failureCause(exception);
		String reason = reason(exception, attempt);
		logger.warn("Dead-lettered " + record.topic() + "-" + record.partition() + "@" + record.offset() + " to "
				+ deadLetterTopic + " after " + attempt + " attempt(s), " + reason + ": " + cause);
		if (this.events != null) {
			Object key = record.key();
			this.events.publish(new FailureEvent(this.serviceName, record.topic(), record.partition(), record.offset(),
					(key instanceof String text) ? text : null, group, cause.getClass().getName(), cause.getMessage(),
					reason, attempt, deadLetterTopic, Instant.now()));
		}
	}

	private Headers failureHeaders(ConsumerRecord<?, ?> record, Exception exception) {
		int attempt = this.attempts.current();
		RecordHeaders headers = new RecordHeaders();
		headers.add(new RecordHeader(DeadLetterHeaders.SERVICE, this.serviceHeader));
		headers.add(new RecordHeader(DeadLetterHeaders.DELIVERY_ATTEMPTS,
				Integer.toString(attempt).getBytes(StandardCharsets.US_ASCII)));
		headers.add(new RecordHeader(DeadLetterHeaders.REASON,
				reason(exception, attempt).getBytes(StandardCharsets.US_ASCII)));
		return headers;
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte @Nullable [] key, byte @Nullable [] value) {
		for (String name : STACK_TRACE_HEADERS) {
			Header stackTrace = headers.lastHeader(name);
			if (stackTrace != null && stackTrace.value() != null
					&& stackTrace.value().length > this.maxStackTraceLength) {
				byte[] capped = java.util.Arrays.copyOf(stackTrace.value(), this.maxStackTraceLength);
				headers.remove(name);
				headers.add(new RecordHeader(name, capped));
			}
		}
		return super.createProducerRecord(record, topicPartition, headers, key, value);
	}

	private String reason(Exception exception, int attempt) {
		for (Throwable candidate = exception; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof DeserializationException) {
				return "undeserialisable";
			}
		}
		return (attempt < this.maxAttempts) ? "non-retryable" : "retries-exhausted";
	}

	/** The listener's exception, without the container's wrapper. */
	static Throwable failureCause(Throwable exception) {
		Throwable cause = exception;
		while (cause instanceof ListenerExecutionFailedException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
