package dev.kafkautils.autoconfigure.errors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.ExceptionHeadersCreator;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames;

/**
 * Writes the exception headers of a dead-lettered record ({@code kafka_dlt-exception-fqcn},
 * {@code -cause-fqcn}, {@code -message}, {@code -stacktrace}, or the names the recoverer is
 * configured with) for the listener's own exception instead of spring-kafka's
 * {@code ListenerExecutionFailedException} around it. spring-kafka records the wrapper
 * there and the listener's exception only as the cause; here the cause header keeps that
 * meaning (the exception below spring-kafka's wrappers) and the others say the same.
 * The recoverer itself still gets the original exception, so the headers spring-kafka
 * derives from the wrapper (the original consumer group) stay.
 */
final class ExceptionHeaders implements ExceptionHeadersCreator {

	@Override
	public void create(Headers headers, Exception exception, boolean isKey, HeaderNames names) {
		Throwable listenerException = FailureCause.of(exception);
		Throwable reported = (listenerException != null) ? listenerException : exception;
		HeaderNames.ExceptionInfo info = names.getExceptionInfo();
		replace(headers, isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(), reported.getClass().getName());
		if (!isKey) {
			replace(headers, info.getExceptionCauseFqcn(), reported.getClass().getName());
		}
		String message = reported.getMessage();
		if (message != null) {
			replace(headers, isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(), message);
		}
		replace(headers, isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(),
				stackTrace(reported));
	}

	private static void replace(Headers headers, @Nullable String name, String value) {
		if (name != null) {
			headers.remove(name);
			headers.add(name, value.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static String stackTrace(Throwable exception) {
		StringWriter trace = new StringWriter();
		exception.printStackTrace(new PrintWriter(trace, true));
		return trace.toString();
	}

}
