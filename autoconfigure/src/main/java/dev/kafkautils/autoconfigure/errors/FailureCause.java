package dev.kafkautils.autoconfigure.errors;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.TimestampedException;

/**
 * The listener's own exception inside the wrappers spring-kafka puts around it
 * ({@link ListenerExecutionFailedException}, {@link BatchListenerFailedException},
 * {@link TimestampedException}): what dead-letter headers, log lines and meter tags
 * report, since the wrapper says only that "a listener failed".
 */
public final class FailureCause {

	private FailureCause() {
	}

	/**
	 * @param exception the exception the error handler got
	 * @return the innermost exception below spring-kafka's wrappers, the exception
	 * itself when it is none
	 */
	public static @Nullable Throwable of(@Nullable Throwable exception) {
		Throwable cause = exception;
		while (isWrapper(cause) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * The listener's exception as an {@link Exception}, for APIs that take one; the
	 * exception itself when the cause is an {@link Error}.
	 * @param exception the exception the error handler got
	 * @return the exception to record
	 */
	static Exception ofException(Exception exception) {
		return (of(exception) instanceof Exception cause) ? cause : exception;
	}

	private static boolean isWrapper(@Nullable Throwable exception) {
		return exception instanceof ListenerExecutionFailedException || exception instanceof TimestampedException
				|| (exception instanceof BatchListenerFailedException);
	}

}
