package dev.kafkautils.autoconfigure.errors;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead-lettered record costs one log line, whatever line breaks its exception's
 * message has (Jackson's parse errors end in a second line, "at [Source: ...]").
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureReporterTests {

	@Test
	void aMultiLineExceptionMessageIsLoggedOnOneLine(CapturedOutput output) {
		FailureReporter reporter = new FailureReporter("orders-service", 3, null, List.of());
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 2, 42, "o-1", new byte[] { 1 });
		IllegalStateException cause = new IllegalStateException(
				"Unexpected end-of-input\n at [Source: REDACTED; byte offset: #12]\r\nand more");
		reporter.deadLettered(new FailedRecord(record, "orders", 2, 42, "orders-group", cause,
				FailureReporter.NON_RETRYABLE, 1, "dlq.orders"));
		List<String> lines = output.getOut().lines().filter((line) -> !line.isBlank()).toList();
		assertThat(lines).singleElement()
			.asString()
			.contains("Dead-lettered orders-2@42 to dlq.orders after 1 attempt(s), non-retryable: "
					+ "java.lang.IllegalStateException: Unexpected end-of-input at [Source: REDACTED; byte offset: #12] "
					+ "and more");
	}

	@Test
	void aOneLineMessageIsKeptAsItIs() {
		IllegalStateException cause = new IllegalStateException("bad record o-1");
		assertThat(FailureReporter.oneLine(cause)).isEqualTo("java.lang.IllegalStateException: bad record o-1");
	}

}
