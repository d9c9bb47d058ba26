package dev.kafkautils.autoconfigure.errors;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * What happens once a record is published to its dead-letter topic, in either retry
 * mode: one WARN line (line breaks in the exception's message joined), a {@link FailureEvent} on the error-event topic when one is
 * configured, and the {@link FailedRecordListener}s (the meters among them). Moves to a
 * retry topic are logged at DEBUG and told to the listeners.
 */
final class FailureReporter {

	private static final Log logger = LogFactory.getLog(FailureReporter.class);

	static final String UNDESERIALISABLE = "undeserialisable";

	static final String NON_RETRYABLE = "non-retryable";

	static final String RETRIES_EXHAUSTED = "retries-exhausted";

	static final String RETRY = "retry";

	private static final Pattern LINE_BREAKS = Pattern.compile("\\s*(?:\\r\\n|\\r|\\n)\\s*");

	private final String serviceName;

	private final int maxAttempts;

	private final @Nullable FailureEventPublisher events;

	private final List<FailedRecordListener> listeners;

	FailureReporter(String serviceName, int maxAttempts, @Nullable FailureEventPublisher events,
			List<FailedRecordListener> listeners) {
		this.serviceName = serviceName;
		this.maxAttempts = maxAttempts;
		this.events = events;
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Why a record is dead-lettered.
	 * @param exception the failure
	 * @param attempts the delivery attempts it had
	 * @return {@code undeserialisable}, {@code non-retryable} or {@code retries-exhausted}
	 */
	String reason(@Nullable Throwable exception, int attempts) {
		for (Throwable candidate = exception; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof DeserializationException) {
				return UNDESERIALISABLE;
			}
		}
		return (attempts < this.maxAttempts) ? NON_RETRYABLE : RETRIES_EXHAUSTED;
	}

	void deadLettered(FailedRecord failed) {
		ConsumerRecord<?, ?> record = failed.record();
		logger.warn("Dead-lettered " + describe(failed) + " to " + failed.destination() + " after "
				+ failed.attempts() + " attempt(s), " + failed.reason() + ": " + oneLine(failed.cause()));
		if (this.events != null) {
			Object key = record.key();
			this.events.publish(new FailureEvent(this.serviceName, failed.sourceTopic(), failed.sourcePartition(),
					failed.sourceOffset(), (key instanceof String text) ? text : null, failed.group(),
					failed.cause().getClass().getName(), failed.cause().getMessage(), failed.reason(),
					failed.attempts(), failed.destination(), Instant.now()));
		}
		for (FailedRecordListener listener : this.listeners) {
			listener.deadLettered(failed);
		}
	}

	void sentToRetryTopic(FailedRecord failed) {
		if (logger.isDebugEnabled()) {
			logger.debug("Moved " + describe(failed) + " to " + failed.destination() + " after " + failed.attempts()
					+ " attempt(s): " + oneLine(failed.cause()));
		}
		for (FailedRecordListener listener : this.listeners) {
			listener.sentToRetryTopic(failed);
		}
	}

	/**
	 * The exception as one line: parsers' messages (Jackson's "at [Source: ...]") and
	 * listeners' own often span several, and a bad record costs one log line, not more.
	 */
	static String oneLine(Throwable exception) {
		String text = exception.toString();
		return (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) ? text : LINE_BREAKS.matcher(text).replaceAll(" ");
	}

	private static String describe(FailedRecord failed) {
		ConsumerRecord<?, ?> record = failed.record();
		String source = failed.sourceTopic() + "-" + failed.sourcePartition() + "@" + failed.sourceOffset();
		return record.topic().equals(failed.sourceTopic()) ? source
				: source + " (from " + record.topic() + "-" + record.partition() + "@" + record.offset() + ")";
	}

}
