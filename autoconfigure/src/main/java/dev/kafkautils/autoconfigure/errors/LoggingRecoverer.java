package dev.kafkautils.autoconfigure.errors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * The recoverer when dead-letter topics are switched off: one ERROR line per record that
 * is skipped, saying where it was, so it can be found again.
 */
final class LoggingRecoverer implements ConsumerRecordRecoverer {

	private static final Log logger = LogFactory.getLog(LoggingRecoverer.class);

	private final DeliveryAttempts attempts;

	LoggingRecoverer(DeliveryAttempts attempts) {
		this.attempts = attempts;
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception exception) {
		logger.error("Skipped " + record.topic() + "-" + record.partition() + "@" + record.offset() + " after "
				+ this.attempts.current() + " attempt(s) (dead-letter topics are off: kafka.utils.dlq.enabled=false): "
				+ FailureCause.of(exception));
	}

}
