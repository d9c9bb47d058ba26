package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * The headers kafka-utils adds to a dead-lettered record beside spring-kafka's
 * {@code kafka_dlt-*} ones ({@link DeadLetterHeaders}: service, delivery attempts,
 * reason), and the cap on the stack-trace headers
 * ({@code kafka.utils.dlq.max-stack-trace-length}).
 */
final class FailureHeaders {

	private static final String[] STACK_TRACE_HEADERS = { KafkaHeaders.DLT_EXCEPTION_STACKTRACE,
			KafkaHeaders.DLT_KEY_EXCEPTION_STACKTRACE };

	private final byte[] service;

	private final int maxStackTraceLength;

	FailureHeaders(String serviceName, int maxStackTraceLength) {
		this.service = serviceName.getBytes(StandardCharsets.UTF_8);
		this.maxStackTraceLength = maxStackTraceLength;
	}

	/**
	 * The kafka-utils headers of a dead-lettered record.
	 * @param attempts the delivery attempts the record had
	 * @param reason why it is dead-lettered
	 * @return the headers, to add to spring-kafka's
	 */
	Headers create(int attempts, String reason) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(new RecordHeader(DeadLetterHeaders.SERVICE, this.service));
		headers.add(new RecordHeader(DeadLetterHeaders.DELIVERY_ATTEMPTS,
				Integer.toString(attempts).getBytes(StandardCharsets.US_ASCII)));
		headers.add(new RecordHeader(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.US_ASCII)));
		return headers;
	}

	/**
	 * Cut the stack-trace headers to the configured length.
	 * @param headers the outgoing dead-letter record's headers
	 */
	void capStackTraces(Headers headers) {
		for (String name : STACK_TRACE_HEADERS) {
			Header stackTrace = headers.lastHeader(name);
			if (stackTrace != null && stackTrace.value() != null
					&& stackTrace.value().length > this.maxStackTraceLength) {
				byte[] capped = Arrays.copyOf(stackTrace.value(), this.maxStackTraceLength);
				headers.remove(name);
				headers.add(new RecordHeader(name, capped));
			}
		}
	}

}
