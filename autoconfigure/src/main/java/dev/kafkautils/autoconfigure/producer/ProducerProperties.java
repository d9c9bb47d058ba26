package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;

/**
 * Producer settings under {@code kafka.utils.producer} that Spring Boot does not bind.
 */
public class ProducerProperties {

	/** How long a blocking send (sendAndWait) waits for the broker's acknowledgement. */
	private Duration sendTimeout = Duration.ofSeconds(10);

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

}
