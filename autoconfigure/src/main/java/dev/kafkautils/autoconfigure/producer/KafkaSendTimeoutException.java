package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;

import org.springframework.kafka.KafkaException;

/**
 * Thrown by a blocking send that did not end in time, in one of two ways that
 * {@link #wasSent()} tells apart:
 * <ul>
 * <li>{@code wasSent() == false}: the producer never took the record, because it had no
 * metadata for the topic (the topic does not exist and is not created automatically, or
 * the cluster did not answer) or no buffer space within {@code max.block.ms}. Nothing
 * reached the broker; sending the record again cannot duplicate it.</li>
 * <li>{@code wasSent() == true}: the producer took the record but the broker did not
 * acknowledge it within the timeout. The record may still be delivered later: the
 * producer keeps retrying until its {@code delivery.timeout.ms}.</li>
 * </ul>
 */
public class KafkaSendTimeoutException extends KafkaException {

	private final String topic;

	private final Duration timeout;

	private final boolean sent;

	/**
	 * A record that was sent and not acknowledged in time.
	 * @param topic the physical topic
	 * @param timeout the timeout of the blocking send
	 * @param cause the timeout
	 */
	public KafkaSendTimeoutException(String topic, Duration timeout, Throwable cause) {
		this(topic, timeout, true, cause);
	}

	/**
	 * @param topic the physical topic
	 * @param timeout the timeout of the blocking send
	 * @param sent whether the producer took the record
	 * @param cause the timeout
	 */
	public KafkaSendTimeoutException(String topic, Duration timeout, boolean sent, Throwable cause) {
		super(sent ? notAcknowledged(topic, timeout) : notSent(topic, cause), cause);
		this.topic = topic;
		this.timeout = timeout;
		this.sent = sent;
	}

	private static String notAcknowledged(String topic, Duration timeout) {
		return "Record for topic '" + topic + "' was not acknowledged by the broker within " + timeout
				+ " (kafka.utils.producer.send-timeout); it may still be delivered later";
	}

	private static String notSent(String topic, Throwable cause) {
		String reason = String.valueOf(cause.getMessage());
		if (reason.endsWith(".")) {
			reason = reason.substring(0, reason.length() - 1);
		}
		return "Record for topic '" + topic + "' was not sent: " + reason + ". The producer never took "
				+ "it (no metadata for the topic, or no buffer space, within max.block.ms): the topic may not exist "
				+ "or the cluster may be unreachable. Sending it again cannot duplicate it";
	}

	public String getTopic() {
		return this.topic;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Whether the producer took the record before the time ran out.
	 * @return {@code true} when the record was sent and may still be delivered later,
	 * {@code false} when it was never handed to the broker
	 */
	public boolean wasSent() {
		return this.sent;
	}

}
