package dev.kafkautils.autoconfigure.rpc;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;

/**
 * The server answered a request with an error reply: its listener threw. Carries the
 * server's exception class name and message as the reply's headers gave them; the class
 * is not loaded, so the client needs no server classes.
 */
public class RpcErrorReplyException extends KafkaException {

	private final String topic;

	private final String correlationId;

	private final String remoteType;

	private final @Nullable String remoteMessage;

	public RpcErrorReplyException(String topic, String correlationId, String remoteType,
			@Nullable String remoteMessage) {
		super("The server of topic '" + topic + "' answered the request with correlation id '" + correlationId
				+ "' with an error: " + remoteType + ((remoteMessage != null) ? ": " + remoteMessage : ""));
		this.topic = topic;
		this.correlationId = correlationId;
		this.remoteType = remoteType;
		this.remoteMessage = remoteMessage;
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

	/**
	 * @return the fully qualified class name of the server's exception
	 */
	public String getRemoteType() {
		return this.remoteType;
	}

	/**
	 * @return the server's exception message, or {@code null} when it had none
	 */
	public @Nullable String getRemoteMessage() {
		return this.remoteMessage;
	}

}
