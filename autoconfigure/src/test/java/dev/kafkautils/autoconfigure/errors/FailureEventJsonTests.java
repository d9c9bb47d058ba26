package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure event is written without Jackson, as the same bytes Jackson writes for the
 * record with its defaults, so consumers of the error-event topic see one format.
 */
class FailureEventJsonTests {

	private final JsonMapper jackson = JsonMapper.shared();

	@Test
	void writesWhatJacksonWrites() {
		FailureEvent event = new FailureEvent("orders-service", "orders", 2, 42L, "order-1", "orders-service",
				"com.example.RejectedException", "rejected", "non-retryable", 3, "dlq.orders",
				Instant.parse("2026-11-30T12:34:56.789Z"));
		assertSameAsJackson(event);
	}

	@Test
	void escapesTextAndWritesMissingValuesAsNull() {
		String message = "quote \" backslash \\ slash / newline \n return \r tab \t backspace \b feed \f "
				+ "controls \u0000 \u0001 \u001f delete \u007f accents é 日本 emoji \uD83D\uDE00";
		FailureEvent event = new FailureEvent("svc", "t", 0, 0L, null, null, "java.lang.IllegalStateException",
				message, "retries-exhausted", 1, "dlq.t", Instant.parse("2026-11-30T00:00:00Z"));
		assertSameAsJackson(event);
		FailureEvent noMessage = new FailureEvent("svc", "t", 0, Long.MAX_VALUE, "k", "g", "E", null,
				"undeserialisable", Integer.MAX_VALUE, "dlq.t", Instant.ofEpochSecond(0, 1));
		assertSameAsJackson(noMessage);
	}

	private void assertSameAsJackson(FailureEvent event) {
		byte[] written = FailureEventJson.write(event);
		assertThat(new String(written, StandardCharsets.UTF_8))
			.isEqualTo(new String(this.jackson.writeValueAsBytes(event), StandardCharsets.UTF_8));
		assertThat(this.jackson.readValue(written, FailureEvent.class)).isEqualTo(event);
	}

}
