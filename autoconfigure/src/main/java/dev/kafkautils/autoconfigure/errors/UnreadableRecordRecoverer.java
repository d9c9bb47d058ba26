package dev.kafkautils.autoconfigure.errors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Hands a batch listener's unreadable record straight to the error handler's recoverer,
 * as its first and only attempt: what the error handler does with a record listener's
 * unreadable record, without failing the rest of the batch.
 */
final class UnreadableRecordRecoverer implements IsolatingBatchListener.PoisonPills {

	private static final Log logger = LogFactory.getLog(UnreadableRecordRecoverer.class);

	private final ConsumerRecordRecoverer recoverer;

	private final DeliveryAttempts attempts;

	UnreadableRecordRecoverer(ConsumerRecordRecoverer recoverer, DeliveryAttempts attempts) {
		this.recoverer = recoverer;
		this.attempts = attempts;
	}

	@Override
	public boolean deadLetter(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer,
			DeserializationException failure) {
		this.attempts.failedDelivery(record, failure, 1);
		try {
			if (this.recoverer instanceof DeadLetterPublishingRecoverer publishing) {
				publishing.accept(record, consumer, failure);
			}
			else {
				this.recoverer.accept(record, failure);
			}
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("Could not recover unreadable record " + record.topic() + "-" + record.partition() + "@"
					+ record.offset() + "; the error handler takes it over", ex);
			return false;
		}
		finally {
			this.attempts.recovered(record, failure);
		}
	}

}
