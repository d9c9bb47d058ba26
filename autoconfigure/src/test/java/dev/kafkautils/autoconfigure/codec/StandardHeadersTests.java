package dev.kafkautils.autoconfigure.codec;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StandardHeadersTests {

	@Test
	void decimalEncodesLikeLongToString() {
		for (long value : new long[] { 0, 7, 10, 99, 1_700_000_000_123L, Long.MAX_VALUE }) {
			assertThat(new String(StandardHeaders.decimal(value), StandardCharsets.US_ASCII))
				.isEqualTo(Long.toString(value));
		}
	}

	@Test
	void theTimestampHeaderIsOffByDefault() {
		StandardHeaders headers = new StandardHeaders(new HeaderProperties(), "billing");
		RecordHeaders record = new RecordHeaders();
		headers.write(record, ContentType.PROTOBUF);
		assertThat(record.lastHeader("timestamp")).isNull();
		assertThat(record.toArray()).extracting(Header::key).containsExactly("source", "content-type");
	}

	@Test
	void headersAreWrittenOnceAndApplicationValuesWin() {
		StandardHeaders headers = new StandardHeaders(withTimestamp(), "billing");
		RecordHeaders record = new RecordHeaders();
		record.add("source", "upstream".getBytes(StandardCharsets.UTF_8));
		headers.write(record, ContentType.PROTOBUF);
		assertThat(new String(record.lastHeader("source").value(), StandardCharsets.UTF_8)).isEqualTo("upstream");
		assertThat(new String(record.lastHeader("content-type").value(), StandardCharsets.UTF_8))
			.isEqualTo("application/x-protobuf");
		assertThat(record.lastHeader("timestamp")).isNotNull();
		assertThat(record.toArray()).hasSize(3);
	}

	@Test
	void headersAreBuiltOnceAndSharedByRecords() {
		StandardHeaders headers = new StandardHeaders(withTimestamp(), "billing");
		RecordHeaders first = new RecordHeaders();
		RecordHeaders second = new RecordHeaders();
		long before = System.currentTimeMillis();
		headers.write(first, ContentType.JSON);
		headers.write(second, ContentType.JSON);
		long after = System.currentTimeMillis();
		assertThat(second.lastHeader("source")).isSameAs(first.lastHeader("source"));
		assertThat(second.lastHeader("content-type")).isSameAs(first.lastHeader("content-type"));
		assertThat(new String(second.lastHeader("content-type").value(), StandardCharsets.US_ASCII))
			.isEqualTo("application/json");
		long stamped = Long.parseLong(new String(second.lastHeader("timestamp").value(), StandardCharsets.US_ASCII));
		assertThat(stamped).isBetween(before, after);
	}

	@Test
	void headersCanBeRenamedAndTurnedOff() {
		HeaderProperties properties = new HeaderProperties();
		properties.getSource().setName("x-source");
		properties.getTimestamp().setEnabled(false);
		properties.getContentType().setEnabled(false);
		RecordHeaders record = new RecordHeaders();
		new StandardHeaders(properties, "billing").write(record, ContentType.JSON);
		assertThat(record.toArray()).hasSize(1);
		assertThat(new String(record.lastHeader("x-source").value(), StandardCharsets.UTF_8)).isEqualTo("billing");
	}

	@Test
	void contentTypeMatchingIgnoresParametersAndCase() {
		assertThat(ContentType.JSON.matches("application/json".getBytes(StandardCharsets.US_ASCII))).isTrue();
		assertThat(ContentType.JSON.matches("Application/JSON; charset=utf-8".getBytes(StandardCharsets.US_ASCII)))
			.isTrue();
		assertThat(ContentType.JSON.matches("application/jsonx".getBytes(StandardCharsets.US_ASCII))).isFalse();
		assertThat(ContentType.PROTOBUF.matches("application/json".getBytes(StandardCharsets.US_ASCII))).isFalse();
	}

	private static HeaderProperties withTimestamp() {
		HeaderProperties properties = new HeaderProperties();
		properties.getTimestamp().setEnabled(true);
		return properties;
	}

}
