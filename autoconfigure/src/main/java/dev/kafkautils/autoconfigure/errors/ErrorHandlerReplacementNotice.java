package dev.kafkautils.autoconfigure.errors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.listener.CommonErrorHandler;

/**
 * Says once at start-up what an application's own {@link CommonErrorHandler} bean
 * switches off, since Spring Boot hands that bean to the listener container factory in
 * place of kafka-utils' handler. The dead-letter recoverer keeps working if the
 * application's handler uses it (it is a bean), and so do its log line, failure events
 * and dead-letter meter.
 */
final class ErrorHandlerReplacementNotice implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ErrorHandlerReplacementNotice.class);

	static final String KAFKA_UTILS_HANDLER = "kafkaUtilsErrorHandler";

	private final ListableBeanFactory beanFactory;

	ErrorHandlerReplacementNotice(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.beanFactory.containsBean(KAFKA_UTILS_HANDLER)) {
			return;
		}
		for (String name : this.beanFactory.getBeanNamesForType(CommonErrorHandler.class, false, false)) {
			Class<?> type = this.beanFactory.getType(name);
			logger.warn("The CommonErrorHandler bean '" + name + "' (" + ((type != null) ? type.getName() : "?")
					+ ") replaces the kafka-utils error handler: kafka.utils.retry.* (attempts, back-off, "
					+ "non-retryable exceptions), the delivery-attempt count in dead-letter headers and the "
					+ "kafka.utils.consumer.retries meter do not apply to it. To keep them, adjust the kafka-utils "
					+ "handler with an ErrorHandlerCustomizer bean instead of replacing it.");
		}
	}

}
