package dev.kafkautils.autoconfigure.errors;

import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Publishes records that failed for good to their dead-letter topic, keeping the key,
 * the value bytes and the original headers, adding spring-kafka's {@code kafka_dlt-*}
 * headers (stack trace capped) plus the service, the attempt count and the reason. Then
 * it logs one line, publishes a {@link FailureEvent} when configured and tells the
 * {@link FailedRecordListener}s.
 * <p>
 * The exception headers ({@code kafka_dlt-exception-fqcn}, {@code -message}) name the
 * listener's own exception, not spring-kafka's {@code ListenerExecutionFailedException}
 * around it. The destination partition is left to the producer's partitioner (by key),
 * never the source partition number: dead-letter topics usually have fewer partitions
 * than their sources. If publishing fails, the exception propagates, the record is not
 * committed and the error handler tries again: nothing is dropped.
 */
public class DeadLetterRecoverer extends DeadLetterPublishingRecoverer {

	private final DeadLetterTopicResolver deadLetterTopics;

	private final DeliveryAttempts attempts;

	private final FailureHeaders headers;

	private final FailureReporter reporter;

	DeadLetterRecoverer(DeadLetterProducer producer, DeadLetterTopicResolver deadLetterTopics, DeliveryAttempts attempts,
			FailureHeaders headers, FailureReporter reporter) {
		super(producer.template(),
				(record, ex) -> new TopicPartition(
						deadLetterTopics.resolve(record.topic(), KafkaUtils.getConsumerGroupId()), -1));
		this.deadLetterTopics = deadLetterTopics;
		this.attempts = attempts;
		this.headers = headers;
		this.reporter = reporter;
		setExceptionHeadersCreator(new ExceptionHeaders());
		setHeadersFunction((record, exception) -> {
			int attempt = this.attempts.current();
			return this.headers.create(attempt, this.reporter.reason(FailureCause.of(exception), attempt));
		});
	}

	/**
	 * Publish a record that did not come through a listener container of the classic
	 * kind (a share consumer's), whose consumer group and delivery attempts are known to
	 * the caller rather than to the container thread. Returns once the dead-letter copy
	 * was acknowledged; throws when it could not be written.
	 * @param record the record, its value as the bytes that were on the wire
	 * @param group the consumer (share) group, {@code null} when unknown
	 * @param attempts the delivery attempts the record had, this one included
	 * @param exception the failure
	 */
	public void publish(ConsumerRecord<?, ?> record, @Nullable String group, int attempts, Exception exception) {
		String previousGroup = KafkaUtils.getConsumerGroupId();
		if (group != null) {
			KafkaUtils.setConsumerGroupId(group);
		}
		else {
			KafkaUtils.clearConsumerGroupId();
		}
		this.attempts.failedDelivery(record, exception, attempts);
		try {
			accept(record, null, exception);
		}
		finally {
			this.attempts.recovered(record, exception);
			if (previousGroup != null) {
				KafkaUtils.setConsumerGroupId(previousGroup);
			}
			else {
				KafkaUtils.clearConsumerGroupId();
			}
		}
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception exception) {
		int attempt = this.attempts.current();
		Exception cause = FailureCause.ofException(exception);
		super.accept(record, consumer, exception);
		String group = KafkaUtils.getConsumerGroupId();
		this.reporter.deadLettered(new FailedRecord(record, record.topic(), record.partition(), record.offset(), group,
				cause, this.reporter.reason(cause, attempt), attempt,
				this.deadLetterTopics.resolve(record.topic(), group)));
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte @Nullable [] key, byte @Nullable [] value) {
		this.headers.capStackTraces(headers);
		return super.createProducerRecord(record, topicPartition, headers, key, value);
	}

}
