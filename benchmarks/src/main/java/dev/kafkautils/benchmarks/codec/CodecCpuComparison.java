package dev.kafkautils.benchmarks.codec;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

import com.sun.management.ThreadMXBean;
import dev.kafkautils.autoconfigure.codec.PayloadMessageConverter;
import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.benchmarks.proto.BenchEvent;
import dev.kafkautils.benchmarks.support.Payloads;
import dev.kafkautils.benchmarks.support.Payloads.BenchJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

import org.springframework.kafka.support.converter.MessagingMessageConverter;

/**
 * The codec comparisons of the JMH benchmarks measured by this thread's CPU time, with
 * the two sides of each pair alternating in short blocks and the median block taken: on
 * a shared machine JMH's wall-clock scores swing several-fold between iterations, CPU
 * time per operation much less, and alternating cancels slow drifts. Also counts bytes
 * allocated per operation.
 */
public final class CodecCpuComparison {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private static final int BLOCKS = Integer.getInteger("codec.blocks", 21);

	private static long sink;

	public static void main(String[] args) throws Exception {
		System.out.println("| pair | size | baseline ns/op (CPU) | starter ns/op (CPU) | starter ÷ baseline | baseline B/op | starter B/op |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");
		for (int size : new int[] { 100, 1024 }) {
			int ops = (size <= 100) ? 100_000 : 20_000;
			Payloads payloads = Payloads.of(size);
			BenchEvent message = payloads.messages()[0];
			byte[] bytes = payloads.bytes()[0];
			BenchJson event = payloads.json()[0];
			PayloadSerializer serializer = CodecFixture.serializer();
			PayloadReader protobufReader = CodecFixture.readers().forType(BenchEvent.class);
			PayloadReader jsonReader = CodecFixture.readers().forType(BenchJson.class);
			PayloadMessageConverter starterConverter = CodecFixture.converter(CodecFixture.readers());
			MessagingMessageConverter springConverter = new MessagingMessageConverter();
			ObjectWriter writer = CodecFixture.JSON_MAPPER.writer();
			ObjectReader reader = CodecFixture.JSON_MAPPER.readerFor(BenchJson.class);
			byte[] json = writer.writeValueAsBytes(event);
			compare("protobuf serialize", size, ops, (i) -> message.toByteArray().length,
					(i) -> serializer.serialize(CodecFixture.TOPIC, message).length);
			compare("protobuf serialize + record headers", size, ops, (i) -> {
				RecordHeaders headers = new RecordHeaders();
				return message.toByteArray().length + headers.toArray().length;
			}, (i) -> {
				RecordHeaders headers = new RecordHeaders();
				return serializer.serialize(CodecFixture.TOPIC, headers, message).length + headers.toArray().length;
			});
			compare("protobuf parse", size, ops, (i) -> parse(bytes).getQuantity(),
					(i) -> ((BenchEvent) read(protobufReader, bytes)).getQuantity());
			compare("listener conversion (spring-kafka + parseFrom vs starter)", size, ops, (i) -> {
				ConsumerRecord<String, BenchEvent> record = CodecFixture.record(parse(bytes), bytes.length,
						"application/x-protobuf");
				return springConverter.toMessage(record, null, null, BenchEvent.class).getHeaders().size();
			}, (i) -> {
				ConsumerRecord<String, byte[]> record = CodecFixture.record(bytes, bytes.length,
						"application/x-protobuf");
				return starterConverter.toMessage(record, null, null, BenchEvent.class).getHeaders().size();
			});
			compare("JSON write", size, ops, (i) -> writer.writeValueAsBytes(event).length,
					(i) -> serializer.serialize(CodecFixture.TOPIC, event).length);
			compare("JSON read", size, ops, (i) -> ((BenchJson) reader.readValue(json)).quantity(),
					(i) -> ((BenchJson) read(jsonReader, json)).quantity());
		}
		System.out.println("(sink " + sink + ")");
	}

	private static void compare(String name, int size, int ops, ToIntFunction<Integer> baseline,
			ToIntFunction<Integer> starter) {
		// warm both sides until C2 has compiled them
		for (int i = 0; i < 5; i++) {
			block(baseline, ops);
			block(starter, ops);
		}
		List<long[]> base = new ArrayList<>();
		List<long[]> mine = new ArrayList<>();
		for (int i = 0; i < BLOCKS; i++) {
			base.add(block(baseline, ops));
			mine.add(block(starter, ops));
		}
		double baseNs = median(base, 0) / ops;
		double mineNs = median(mine, 0) / ops;
		System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.3f | %.0f | %.0f |%n", name, size, baseNs, mineNs,
				mineNs / baseNs, median(base, 1) / ops, median(mine, 1) / ops);
	}

	/** One block: {CPU ns, allocated bytes}. */
	private static long[] block(ToIntFunction<Integer> operation, int ops) {
		long allocated = THREADS.getCurrentThreadAllocatedBytes();
		long cpu = THREADS.getCurrentThreadCpuTime();
		long total = 0;
		for (int i = 0; i < ops; i++) {
			total += operation.applyAsInt(i);
		}
		long[] result = { THREADS.getCurrentThreadCpuTime() - cpu,
				THREADS.getCurrentThreadAllocatedBytes() - allocated };
		sink += total;
		return result;
	}

	private static double median(List<long[]> blocks, int column) {
		long[] values = blocks.stream().mapToLong((block) -> block[column]).toArray();
		Arrays.sort(values);
		return values[values.length / 2];
	}

	private static BenchEvent parse(byte[] bytes) {
		try {
			return BenchEvent.parseFrom(bytes);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Object read(PayloadReader reader, byte[] bytes) {
		try {
			return reader.read(bytes);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private CodecCpuComparison() {
	}

}
