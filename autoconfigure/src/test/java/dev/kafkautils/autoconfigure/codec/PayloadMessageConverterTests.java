package dev.kafkautils.autoconfigure.codec;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.JsonKafkaHeaderMapper;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.converter.MessagingMessageConverter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageHeaderAccessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener argument path: payloads are converted for every record, headers only for
 * the listeners that read them, and then exactly as spring-kafka's converter maps them.
 */
class PayloadMessageConverterTests {

	private static final Timestamp PAYLOAD = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(42).build();

	private final DefaultPayloadReaders readers = new DefaultPayloadReaders(UnavailableJsonCodec.INSTANCE);

	private final CountingHeaderMapper mapper = new CountingHeaderMapper();

	private final PayloadMessageConverter converter = converter(this.mapper);

	@Test
	void aListenerThatReadsNoHeaderDoesNotHaveThemMapped() {
		Message<?> message = this.converter.toMessage(record(), null, null, Timestamp.class);
		assertThat(message.getPayload()).isEqualTo(PAYLOAD);
		assertThat(this.mapper.calls).hasValue(0);
		assertThat(((RecordMessageHeaders) message.getHeaders()).isMapped()).isFalse();
	}

	@Test
	void headersReadAreThoseSpringKafkaMaps() {
		MessagingMessageConverter springKafka = new MessagingMessageConverter();
		springKafka.setHeaderMapper(new JsonKafkaHeaderMapper());
		ConsumerRecord<String, byte[]> record = record();
		Object ack = new Object();
		Object consumer = new Object();
		KafkaUtils.setConsumerGroupId("billing");
		MessageHeaders expected;
		Message<?> message;
		try {
			expected = springKafka.toMessage(record, ack, consumer, Timestamp.class).getHeaders();
			message = this.converter.toMessage(record, ack, consumer, Timestamp.class);
		}
		finally {
			KafkaUtils.clearConsumerGroupId();
		}
		MessageHeaders headers = message.getHeaders();
		assertThat(headers.get(KafkaHeaders.RECEIVED_TOPIC)).isEqualTo("orders");
		assertThat(this.mapper.calls).hasValue(1);
		assertThat(headers.keySet()).isEqualTo(expected.keySet());
		expected.forEach((name, value) -> assertThat(headers.get(name)).as(name).isEqualTo(value));
		assertThat(headers.get(KafkaHeaders.GROUP_ID)).isEqualTo("billing");
		assertThat(new String((byte[]) headers.get("correlation_id"), StandardCharsets.UTF_8)).isEqualTo("c-1");
		assertThat(headers.get(KafkaHeaders.ACKNOWLEDGMENT)).isSameAs(ack);
		assertThat(headers.get(KafkaHeaders.RECEIVED_KEY)).isEqualTo("order-1");
		assertThat(headers.get(KafkaHeaders.OFFSET, Long.class)).isEqualTo(7L);
		assertThat(headers.get(KafkaHeaders.RECEIVED_PARTITION, Integer.class)).isEqualTo(2);
		assertThat(headers.getId()).isNull();
		assertThat(headers).hasSameSizeAs(expected);
		assertThat(headers.toString()).contains("kafka_receivedTopic=orders");
		assertThat(this.mapper.calls).as("mapped once, however often read").hasValue(1);
	}

	@Test
	void headersReadOnAnotherThreadKeepTheConsumerThreadsGroup() throws Exception {
		Message<?> message;
		KafkaUtils.setConsumerGroupId("billing");
		try {
			message = this.converter.toMessage(record(), null, null, Timestamp.class);
		}
		finally {
			KafkaUtils.clearConsumerGroupId();
		}
		Object group = CompletableFuture.supplyAsync(() -> message.getHeaders().get(KafkaHeaders.GROUP_ID)).get();
		assertThat(group).isEqualTo("billing");
	}

	@Test
	void aMutableCopyOfTheHeadersHasThemAll() {
		Message<?> message = this.converter.toMessage(record(), null, null, Timestamp.class);
		MessageHeaderAccessor accessor = MessageHeaderAccessor.getMutableAccessor(message);
		assertThat(accessor.getHeader(KafkaHeaders.OFFSET)).isEqualTo(7L);
		assertThat(accessor.getHeader("source")).isNotNull();
	}

	@Test
	void convertingForAPayloadOnlyListenerAllocatesLittleBeyondParsingTheValue() throws Exception {
		ConsumerRecord<String, byte[]> record = record();
		PayloadMessageConverter plainMapper = converter(new JsonKafkaHeaderMapper());
		long parse = bytesPerRecord(() -> parse(record));
		long lazy = bytesPerRecord(() -> plainMapper.toMessage(record, null, null, Timestamp.class));
		MessagingMessageConverter springKafka = new MessagingMessageConverter();
		long eager = bytesPerRecord(() -> springKafka.toMessage(record, null, null, byte[].class));
		// the message, its lazy headers and what they need to map later: a few small objects
		assertThat(lazy - parse).as("bytes per record over parsing the value").isLessThan(200);
		assertThat(eager).as("spring-kafka's eager header mapping, for comparison").isGreaterThan(lazy + 300);
	}

	private static Object parse(ConsumerRecord<String, byte[]> record) {
		try {
			return Timestamp.parseFrom(record.value());
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long bytesPerRecord(Runnable conversion) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		int warmUp = 50_000;
		int measured = 50_000;
		for (int i = 0; i < warmUp; i++) {
			conversion.run();
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < measured; i++) {
			conversion.run();
		}
		return (threads.getCurrentThreadAllocatedBytes() - before) / measured;
	}

	private PayloadMessageConverter converter(org.springframework.kafka.support.KafkaHeaderMapper headerMapper) {
		PayloadMessageConverter converter = new PayloadMessageConverter(this.readers,
				PayloadTypes.of(Map.of(), TopicNames.of("", Map.of()), this.readers, getClass().getClassLoader()),
				"content-type");
		converter.setHeaderMapper(headerMapper);
		return converter;
	}

	private static ConsumerRecord<String, byte[]> record() {
		Headers headers = new RecordHeaders(List.of(new RecordHeader("source", "orders-service".getBytes()),
				new RecordHeader("content-type", ContentType.PROTOBUF.headerValue()),
				new RecordHeader("correlation_id", "c-1".getBytes())));
		return new ConsumerRecord<>("orders", 2, 7L, 1_700_000_000_000L, TimestampType.CREATE_TIME, 7, 10, "order-1",
				PAYLOAD.toByteArray(), headers, java.util.Optional.empty());
	}

	/** spring-kafka's mapper, counting how often it maps a record's headers. */
	private static final class CountingHeaderMapper extends JsonKafkaHeaderMapper {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public void toHeaders(Headers source, Map<String, Object> headers) {
			this.calls.incrementAndGet();
			super.toHeaders(source, headers);
		}

	}

}
