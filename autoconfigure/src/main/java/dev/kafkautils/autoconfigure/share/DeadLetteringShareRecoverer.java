package dev.kafkautils.autoconfigure.share;

import java.util.ArrayList;
import java.util.List;

import dev.kafkautils.autoconfigure.errors.DeadLetterRecoverer;
import dev.kafkautils.autoconfigure.errors.FailureCause;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ExceptionClassifier;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.ShareConsumerRecordRecoverer;
import org.springframework.kafka.support.ExceptionMatcher;
import org.springframework.kafka.support.KafkaUtils;

/**
 * What happens to a record whose share listener failed, decided on the consumer thread
 * before the container acknowledges it: released for redelivery while the failure is
 * transient and the record's delivery count is below {@code kafka.utils.retry.max-attempts};
 * otherwise (the last attempt, a non-retryable exception, bytes that do not parse)
 * published to its dead-letter topic with the same name and headers as an ordinary
 * listener's, and accepted only once the dead-letter copy was acknowledged. A copy that
 * cannot be written releases the record, so that it is delivered (and dead-lettered)
 * again rather than lost. With dead-lettering off ({@code kafka.utils.dlq.enabled=false})
 * the record is rejected after a log line.
 */
public class DeadLetteringShareRecoverer implements ShareConsumerRecordRecoverer {

	private static final Log logger = LogFactory.getLog(DeadLetteringShareRecoverer.class);

	private final int maxAttempts;

	private final ExceptionMatcher nonRetryable;

	private final @Nullable DeadLetterRecoverer deadLetters;

	private final ShareListenerMetrics metrics;

	/**
	 * @param maxAttempts deliveries per record, the first included
	 * @param nonRetryable exception classes dead-lettered at once, besides spring-kafka's
	 * own list (deserialisation and conversion failures, ...)
	 * @param deadLetters the dead-letter publisher, {@code null} when dead-lettering is off
	 * @param metrics the share listener meters
	 */
	public DeadLetteringShareRecoverer(int maxAttempts, List<Class<? extends Exception>> nonRetryable,
			@Nullable DeadLetterRecoverer deadLetters, ShareListenerMetrics metrics) {
		this.maxAttempts = maxAttempts;
		List<Class<? extends Throwable>> fatal = new ArrayList<>(ExceptionClassifier.defaultFatalExceptionsList());
		fatal.addAll(nonRetryable);
		this.nonRetryable = ExceptionMatcher.forAllowList().addAll(fatal).traverseCauses(true).build();
		this.deadLetters = deadLetters;
		this.metrics = metrics;
	}

	@Override
	public AcknowledgeType recover(ConsumerRecord<?, ?> record, Exception exception) {
		String group = KafkaUtils.getConsumerGroupId();
		Throwable cause = FailureCause.of(exception);
		int attempts = record.deliveryCount().map(Short::intValue).orElse(1);
		boolean retryable = !this.nonRetryable.match(exception);
		if (retryable && attempts < this.maxAttempts) {
			if (logger.isDebugEnabled()) {
				logger.debug("Releasing " + describe(record) + " after attempt " + attempts + " of "
						+ this.maxAttempts + ": " + cause);
			}
			this.metrics.released(record, group, cause);
			return AcknowledgeType.RELEASE;
		}
		if (this.deadLetters == null) {
			logger.warn("Rejected " + describe(record) + " after " + attempts + " attempt(s) (dead-lettering is "
					+ "off, kafka.utils.dlq.enabled=false): " + cause);
			this.metrics.rejected(record, group, cause);
			return AcknowledgeType.REJECT;
		}
		try {
			this.deadLetters.publish(record, group, attempts, withGroup(exception, group));
		}
		catch (RuntimeException ex) {
			logger.error("Could not dead-letter " + describe(record) + "; releasing it to be delivered and "
					+ "dead-lettered again", ex);
			this.metrics.released(record, group, cause);
			return AcknowledgeType.RELEASE;
		}
		this.metrics.deadLettered(record, group, cause);
		return AcknowledgeType.ACCEPT;
	}

	/**
	 * The exception as a classic container hands it to the recoverer: spring-kafka takes
	 * the {@code kafka_dlt-original-consumer-group} header from the
	 * {@link ListenerExecutionFailedException} around the listener's exception, which the
	 * share container leaves without a group.
	 */
	private static Exception withGroup(Exception exception, @Nullable String group) {
		if (group == null || (exception instanceof ListenerExecutionFailedException failed
				&& group.equals(failed.getGroupId()))) {
			return exception;
		}
		return new ListenerExecutionFailedException(String.valueOf(exception.getMessage()), group, exception);
	}

	private static String describe(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
