package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Producer settings under {@code kafka.utils.producer} that Spring Boot does not bind.
 */
@ConfigurationProperties(ProducerProperties.PREFIX)
public class ProducerProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".producer";

	/** How long a blocking send (sendAndWait) waits for the broker's acknowledgement. */
	private Duration sendTimeout = Duration.ofSeconds(10);

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

}
