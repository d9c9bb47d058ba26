package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;

import org.springframework.kafka.KafkaException;

/**
 * Thrown by a blocking send when the broker did not acknowledge the record in time.
 * The record may still be delivered later: the producer keeps retrying until its
 * {@code delivery.timeout.ms}.
 */
public class KafkaSendTimeoutException extends KafkaException {

	private final String topic;

	private final Duration timeout;

	public KafkaSendTimeoutException(String topic, Duration timeout, Throwable cause) {
		super("Record for topic '" + topic + "' was not acknowledged by the broker within " + timeout
				+ " (kafka.utils.producer.send-timeout); it may still be delivered later", cause);
		this.topic = topic;
		this.timeout = timeout;
	}

	public String getTopic() {
		return this.topic;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

}
