package dev.kafkautils.autoconfigure.rpc;

import java.time.Duration;

import org.springframework.kafka.requestreply.KafkaReplyTimeoutException;

/**
 * No reply arrived before the request's timeout. The request may still be processed by a
 * server that picks it up before its deadline header says it expired; its reply is then
 * dropped by the client and counted as late.
 */
public class RpcTimeoutException extends KafkaReplyTimeoutException {

	private final String topic;

	private final String correlationId;

	public RpcTimeoutException(String topic, String correlationId, Duration timeout) {
		super("No reply within " + timeout.toMillis() + " ms to the request to topic '" + topic
				+ "' with correlation id '" + correlationId + "'");
		this.topic = topic;
		this.correlationId = correlationId;
	}

	/**
	 * @return the physical request topic
	 */
	public String getTopic() {
		return this.topic;
	}

	public String getCorrelationId() {
		return this.correlationId;
	}

}
