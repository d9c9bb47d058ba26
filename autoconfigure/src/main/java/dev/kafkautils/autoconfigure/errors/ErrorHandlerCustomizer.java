package dev.kafkautils.autoconfigure.errors;

import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Callback to adjust the auto-configured {@link DefaultErrorHandler} (retry listeners,
 * extra classifications, back-off per exception) without replacing it.
 */
@FunctionalInterface
public interface ErrorHandlerCustomizer {

	/**
	 * Customize the error handler.
	 * @param errorHandler the error handler built from {@code kafka.utils.retry.*}
	 */
	void customize(DefaultErrorHandler errorHandler);

}
