package dev.kafkautils.autoconfigure.observation;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts a consumed record's correlation id in the logging MDC while the listener (and, on
 * failure, the error handler and dead-letter publishing) runs, and removes it after the
 * record. The id is the first of the configured headers the record has, else its key.
 * While it is in the MDC, {@link CorrelationIdProducerInterceptor} copies it onto the
 * records the listener sends.
 */
final class CorrelationIdInterceptor implements RecordInterceptor<Object, Object> {

	private final String[] headerNames;

	private final boolean useKey;

	private final String mdcKey;

	CorrelationIdInterceptor(CorrelationProperties properties) {
		this.headerNames = properties.getHeaderNames().toArray(String[]::new);
		this.useKey = properties.isUseKey();
		this.mdcKey = properties.getMdcKey();
	}

	@Override
	public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		String correlationId = correlationId(record);
		if (correlationId != null) {
			MDC.put(this.mdcKey, correlationId);
		}
		return record;
	}

	@Override
	public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		MDC.remove(this.mdcKey);
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		MDC.remove(this.mdcKey);
	}

	@Nullable String correlationId(ConsumerRecord<?, ?> record) {
		// lastHeader walks the header list by index: no iterator per record
		for (String name : this.headerNames) {
			Header header = record.headers().lastHeader(name);
			if (header != null && header.value() != null && header.value().length > 0) {
				return new String(header.value(), StandardCharsets.UTF_8);
			}
		}
		if (this.useKey) {
			Object key = record.key();
			if (key instanceof String text && !text.isEmpty()) {
				return text;
			}
			if (key instanceof byte[] bytes && bytes.length > 0) {
				return new String(bytes, StandardCharsets.UTF_8);
			}
		}
		return null;
	}

}
