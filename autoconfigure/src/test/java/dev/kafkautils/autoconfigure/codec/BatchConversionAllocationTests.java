package dev.kafkautils.autoconfigure.codec;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check, not a benchmark: turning a batch of protobuf records into the
 * {@code List<Timestamp>} a batch listener asks for costs the decoded payloads and the
 * list, and next to nothing per record beyond them; spring-kafka's batch converter
 * around the same record converter, which Spring Boot would use otherwise, builds a
 * message and maps headers for every record. Bytes are counted by the JVM's per-thread
 * allocation counter, per record, after a warm-up.
 */
class BatchConversionAllocationTests {

	private static final int BATCH = 100;

	private static final int WARM_UP = 1_000;

	private static final int MEASURED = 1_000;

	private final PayloadMessageConverter recordConverter;

	private final PayloadReader reader;

	private final List<ConsumerRecord<?, ?>> records = new ArrayList<>();

	private final Type listType;

	BatchConversionAllocationTests() throws Exception {
		TopicProperties stamps = new TopicProperties();
		stamps.setType(Timestamp.class.getName());
		Map<String, TopicProperties> topics = Map.of("stamps", stamps);
		DefaultPayloadReaders readers = new DefaultPayloadReaders(new JacksonJsonCodec(JsonMapper.shared()));
		PayloadTypes types = PayloadTypes.of(topics, TopicNames.of("", topics), readers, getClass().getClassLoader());
		this.recordConverter = new PayloadMessageConverter(readers, types, "content-type");
		this.reader = readers.forType(Timestamp.class);
		for (int i = 0; i < BATCH; i++) {
			byte[] value = Timestamp.newBuilder().setSeconds(1_700_000_000L + i).setNanos(i).build().toByteArray();
			ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("stamps", 0, i, "key-" + i, value);
			// the standard headers every record sent through kafka-utils carries
			record.headers().add("source", "orders-service".getBytes(StandardCharsets.UTF_8));
			record.headers().add("timestamp", "1700000000000".getBytes(StandardCharsets.UTF_8));
			record.headers().add("content-type", "application/x-protobuf".getBytes(StandardCharsets.UTF_8));
			this.records.add(record);
		}
		this.listType = getClass().getDeclaredMethod("listener", List.class).getGenericParameterTypes()[0];
	}

	@SuppressWarnings("unused")
	private void listener(List<Timestamp> stamps) {
	}

	@Test
	void typedBatchCostsItsPayloadsAndNextToNothingPerRecordBeyondThem() throws Exception {
		BatchPayloadConverter converter = new BatchPayloadConverter(this.recordConverter);
		BatchMessagingMessageConverter spring = new BatchMessagingMessageConverter(this.recordConverter);
		Message<?> message = converter.toMessage(this.records, null, null, this.listType);
		assertThat((List<?>) message.getPayload()).hasSize(BATCH).allMatch(Timestamp.class::isInstance);
		assertThat(message.getHeaders().get(KafkaHeaders.OFFSET, List.class)).element(7).isEqualTo(7L);
		assertThat(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY, List.class)).element(3).isEqualTo("key-3");

		Runnable decodingAlone = () -> {
			for (int i = 0; i < BATCH; i++) {
				consume(read((byte[]) this.records.get(i).value()));
			}
		};
		// what every converter here does per record: the record converter reads the value
		Runnable valuesAlone = () -> {
			for (int i = 0; i < BATCH; i++) {
				consume(this.recordConverter.extractAndConvertValue(this.records.get(i), Timestamp.class));
			}
		};
		Runnable ourConversion = () -> consume(converter.toMessage(this.records, null, null, this.listType));
		Runnable springsConversion = () -> consume(spring.toMessage(this.records, null, null, this.listType));
		// alternating rounds, the lowest of each: what the JIT's escape analysis removes varies by round
		double decoding = Double.MAX_VALUE;
		double values = Double.MAX_VALUE;
		double ours = Double.MAX_VALUE;
		double springs = Double.MAX_VALUE;
		for (int round = 0; round < 3; round++) {
			decoding = Math.min(decoding, bytesPerRecord(decodingAlone));
			values = Math.min(values, bytesPerRecord(valuesAlone));
			ours = Math.min(ours, bytesPerRecord(ourConversion));
			springs = Math.min(springs, bytesPerRecord(springsConversion));
		}
		System.out.printf("bytes allocated per record of a %d-record protobuf batch: decoding alone %.1f, "
				+ "reading the values with the record converter %.1f, kafka-utils batch converter %.1f, "
				+ "spring-kafka's batch converter %.1f%n", BATCH, decoding, values, ours, springs);
		// the payload list (4 or 8 bytes a slot) and the headers' views, shared by the batch
		assertThat(ours - values).as("bytes per record beyond reading the values").isLessThan(24);
		assertThat(springs - values).as("spring-kafka's converter, bytes per record beyond reading the values")
			.isGreaterThan(10 * Math.max(ours - values, 0) + 100);
	}

	private Object read(byte[] value) {
		try {
			return this.reader.read(value);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private volatile Object sink;

	private void consume(Object value) {
		this.sink = value;
	}

	private static double bytesPerRecord(Runnable batch) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		for (int i = 0; i < WARM_UP; i++) {
			batch.run();
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < MEASURED; i++) {
			batch.run();
		}
		return (threads.getCurrentThreadAllocatedBytes() - before) / (double) (MEASURED * BATCH);
	}

}
