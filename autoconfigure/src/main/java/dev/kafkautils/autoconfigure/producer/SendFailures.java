package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.SerializationException;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.support.SendResult;

/**
 * How a blocking send's outcome reaches its caller: a record the producer never took
 * ("was not sent", safe to send again) told apart from one sent and not acknowledged in
 * time ("may still be delivered"), with the producer's own exception rather than
 * spring-kafka's wrapping.
 */
final class SendFailures {

	private SendFailures() {
	}

	/**
	 * Wait for the acknowledgement of a sent record.
	 * @param future the send's future
	 * @param taken whether the producer took the record
	 * @param topic the physical topic, for messages
	 * @param timeout the whole call's timeout, for messages
	 * @param remainingNanos what is left of it
	 * @return the result
	 */
	static SendResult<String, Object> await(CompletableFuture<SendResult<String, Object>> future, boolean taken,
			String topic, Duration timeout, long remainingNanos) {
		try {
			return future.get(Math.max(remainingNanos, 0), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new KafkaSendTimeoutException(topic, timeout, true, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while waiting for the acknowledgement of a record for topic '"
					+ topic + "'", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = producerException((ex.getCause() != null) ? ex.getCause() : ex);
			if (!taken) {
				throw notSent(topic, timeout, cause);
			}
			if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
				throw new KafkaSendTimeoutException(topic, timeout, true, cause);
			}
			throw new KafkaException("Send to topic '" + topic + "' failed: " + cause.getMessage(), cause);
		}
	}

	/**
	 * @param topic the physical topic
	 * @param timeout the call's timeout
	 * @param cause why the producer did not take the record
	 * @return the exception for a record that was never sent
	 */
	static RuntimeException notSent(String topic, Duration timeout, Throwable cause) {
		if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
			return new KafkaSendTimeoutException(topic, timeout, false, cause);
		}
		if (cause instanceof SerializationException serialization) {
			// names the topic and the value already
			return serialization;
		}
		return new KafkaException("Record for topic '" + topic + "' was not sent: " + cause.getMessage(), cause);
	}

	/** The producer's own exception, without spring-kafka's wrapping. */
	static Exception producerException(Throwable ex) {
		Throwable failure = ex;
		while (failure instanceof KafkaException && failure.getCause() != null) {
			failure = failure.getCause();
		}
		return (failure instanceof Exception exception) ? exception : new KafkaException("Send failed", failure);
	}

}
