package dev.kafkautils.autoconfigure.errors;

import java.util.ArrayList;
import java.util.List;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The failure policy read from {@code kafka.utils.retry.*} and {@code kafka.utils.dlq.*},
 * checked once at start-up so that a wrong value fails fast with the property's name.
 * Public so that share listeners ({@code share} package) follow the same policy.
 */
public final class ErrorHandlingSettings {

	private static final String RETRY = RetryProperties.PREFIX + ".";

	private static final String TOPIC_PATTERN = DeadLetterProperties.PREFIX + ".topic-pattern";

	private static final String VALIDATION_EXCEPTION = "jakarta.validation.ValidationException";

	private final RetryProperties retry;

	private final List<Class<? extends Exception>> nonRetryable;

	private ErrorHandlingSettings(RetryProperties retry, List<Class<? extends Exception>> nonRetryable) {
		this.retry = retry;
		this.nonRetryable = nonRetryable;
	}

	static ErrorHandlingSettings of(RetryProperties retry, DeadLetterProperties deadLetters,
			@Nullable ClassLoader classLoader) {
		check(retry.getMaxAttempts() >= 1, RETRY + "max-attempts", retry.getMaxAttempts(),
				"a record needs at least one delivery attempt",
				"Set " + RETRY + "max-attempts to 1 (no retry) or more; the default is 3.");
		RetryProperties.Backoff backoff = retry.getBackoff();
		check(!backoff.getInitial().isNegative(), RETRY + "backoff.initial", backoff.getInitial(),
				"a delay cannot be negative", "Set " + RETRY + "backoff.initial to a positive duration such as 1s.");
		check(backoff.getMultiplier() >= 1.0, RETRY + "backoff.multiplier", backoff.getMultiplier(),
				"delays would shrink", "Set " + RETRY + "backoff.multiplier to 1.0 (fixed delay) or more.");
		check(backoff.getMax().compareTo(backoff.getInitial()) >= 0, RETRY + "backoff.max", backoff.getMax(),
				"it is shorter than " + RETRY + "backoff.initial (" + backoff.getInitial() + ")",
				"Set " + RETRY + "backoff.max to at least " + RETRY + "backoff.initial.");
		check(!backoff.getJitter().isNegative(), RETRY + "backoff.jitter", backoff.getJitter(),
				"jitter cannot be negative", "Set " + RETRY + "backoff.jitter to zero or a positive duration.");
		String pattern = deadLetters.getTopicPattern();
		check(pattern != null && (pattern.contains(PatternDeadLetterTopicResolver.TOPIC)
				|| pattern.contains(PatternDeadLetterTopicResolver.SERVICE)
				|| pattern.contains(PatternDeadLetterTopicResolver.GROUP)),
				TOPIC_PATTERN, pattern,
				"it has none of the placeholders {topic}, {service} or {group}, so every service's records would "
						+ "share one dead-letter topic",
				"Set " + TOPIC_PATTERN + " with {topic} for one dead-letter topic "
						+ "per source topic (the default is dlq.{topic}), or with {service} for one per service, "
						+ "e.g. {service}-dlq.");
		return new ErrorHandlingSettings(retry, nonRetryable(retry.getNonRetryable(), classLoader));
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Exception>> nonRetryable(List<String> names, @Nullable ClassLoader classLoader) {
		List<Class<? extends Exception>> classes = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).trim();
			String property = RETRY + "non-retryable[" + i + "]";
			Class<?> type;
			try {
				type = ClassUtils.forName(name, classLoader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				throw new KafkaUtilsPropertyException(property, name, "no such class on the classpath",
						"In " + RETRY + "non-retryable, use the fully qualified name of an exception class, e.g. "
								+ "java.lang.IllegalArgumentException, or remove the entry.",
						ex);
			}
			check(Exception.class.isAssignableFrom(type), property, name, "it is not an Exception",
					"List only exception classes (subclasses of java.lang.Exception) in " + RETRY + "non-retryable.");
			classes.add((Class<? extends Exception>) type);
		}
		if (ClassUtils.isPresent(VALIDATION_EXCEPTION, classLoader)) {
			classes.add((Class<? extends Exception>) ClassUtils.resolveClassName(VALIDATION_EXCEPTION, classLoader));
		}
		return classes;
	}

	private static void check(boolean valid, String property, Object value, String reason, String action) {
		if (!valid) {
			throw new KafkaUtilsPropertyException(property, value, reason, action);
		}
	}

	BackOff backOff() {
		RetryProperties.Backoff backoff = this.retry.getBackoff();
		ExponentialBackOff backOff = new ExponentialBackOff(backoff.getInitial().toMillis(), backoff.getMultiplier());
		backOff.setMaxInterval(backoff.getMax().toMillis());
		backOff.setJitter(backoff.getJitter().toMillis());
		backOff.setMaxAttempts(this.retry.getMaxAttempts() - 1L);
		return backOff;
	}

	/**
	 * @return total delivery attempts per record ({@code kafka.utils.retry.max-attempts})
	 */
	public int maxAttempts() {
		return this.retry.getMaxAttempts();
	}

	/**
	 * @return the configured non-retryable exception classes (validation failures
	 * included), in addition to spring-kafka's own list
	 */
	public List<Class<? extends Exception>> nonRetryable() {
		return this.nonRetryable;
	}

}
