package dev.kafkautils.autoconfigure.rpc;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.Consumer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.KafkaListenerErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Turns the exception of a replying listener into an error reply: an empty value with
 * the exception's class in {@code kafka_exception-fqcn} and its message in
 * {@code kafka_exception-message} (spring-kafka's header names), sent to the request's
 * reply topic with its correlation id, so the client fails at once instead of timing
 * out. A request without a reply topic header is nobody's request: its exception goes
 * on to the container's error handler (retries, dead letter) as usual.
 */
final class ErrorReplies implements KafkaListenerErrorHandler {

	/** The bean name {@code @KafkaListener(errorHandler = ...)} refers to. */
	static final String BEAN_NAME = "kafkaUtilsRpcErrorReplies";

	private static final byte[] EMPTY = {};

	@Override
	public Object handleError(Message<?> message, ListenerExecutionFailedException exception) {
		return handleError(message, exception, null);
	}

	@Override
	public Object handleError(Message<?> message, ListenerExecutionFailedException exception,
			@Nullable Consumer<?, ?> consumer) {
		Throwable cause = (exception.getCause() != null) ? exception.getCause() : exception;
		if (message.getHeaders().get(KafkaHeaders.REPLY_TOPIC) == null) {
			// spring-kafka wraps what an error handler throws once, as it wraps a listener's exception
			throw (cause instanceof RuntimeException runtime) ? runtime : exception;
		}
		MessageBuilder<byte[]> reply = MessageBuilder.withPayload(EMPTY)
			.setHeader(KafkaHeaders.EXCEPTION_FQCN, cause.getClass().getName().getBytes(StandardCharsets.UTF_8));
		if (cause.getMessage() != null) {
			reply.setHeader(KafkaHeaders.EXCEPTION_MESSAGE, cause.getMessage().getBytes(StandardCharsets.UTF_8));
		}
		return reply.build();
	}

}
