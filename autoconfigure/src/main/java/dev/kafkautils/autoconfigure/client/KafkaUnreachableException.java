package dev.kafkautils.autoconfigure.client;

import java.time.Duration;

import org.springframework.kafka.KafkaException;

/**
 * Thrown at start-up when the Kafka cluster does not answer within
 * {@code kafka.utils.client.verify-timeout}.
 */
public class KafkaUnreachableException extends KafkaException {

	private final String bootstrapServers;

	private final Duration timeout;

	public KafkaUnreachableException(String bootstrapServers, Duration timeout, Throwable cause) {
		super("Kafka cluster at " + bootstrapServers + " did not answer within " + timeout, cause);
		this.bootstrapServers = bootstrapServers;
		this.timeout = timeout;
	}

	public String getBootstrapServers() {
		return this.bootstrapServers;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

}
