package dev.kafkautils.benchmarks.codec;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import dev.kafkautils.autoconfigure.codec.DefaultPayloadReaders;
import dev.kafkautils.autoconfigure.codec.HeaderProperties;
import dev.kafkautils.autoconfigure.codec.JacksonJsonCodec;
import dev.kafkautils.autoconfigure.codec.PayloadMessageConverter;
import dev.kafkautils.autoconfigure.codec.PayloadReaders;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.codec.PayloadTypes;
import dev.kafkautils.autoconfigure.codec.StandardHeaders;
import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter's codec objects built as its auto-configuration builds them (default
 * header settings), and consumer records as a listener container hands them over.
 */
final class CodecFixture {

	static final String TOPIC = "bench";

	static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();

	static PayloadSerializer serializer() {
		return new PayloadSerializer(new JacksonJsonCodec(JSON_MAPPER),
				new StandardHeaders(new HeaderProperties(), "bench"));
	}

	static PayloadReaders readers() {
		return new DefaultPayloadReaders(new JacksonJsonCodec(JSON_MAPPER));
	}

	static PayloadMessageConverter converter(PayloadReaders readers) {
		PayloadTypes types = PayloadTypes.of(Map.of(), TopicNames.of("", Map.of()), readers,
				CodecFixture.class.getClassLoader());
		return new PayloadMessageConverter(readers, types, new HeaderProperties().getContentType().getName());
	}

	/** A record with the headers the starter's producer writes. */
	static <V> ConsumerRecord<String, V> record(V value, int size, String contentType) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("source", "bench".getBytes(StandardCharsets.UTF_8));
		headers.add("timestamp", "1790000000000".getBytes(StandardCharsets.US_ASCII));
		headers.add("content-type", contentType.getBytes(StandardCharsets.US_ASCII));
		return new ConsumerRecord<>(TOPIC, 0, 42L, 1_790_000_000_000L, TimestampType.CREATE_TIME, 14, size, "customer-12345",
				value, headers, Optional.empty());
	}

	private CodecFixture() {
	}

}
