package dev.kafkautils.benchmarks.codec;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.kafkautils.autoconfigure.codec.PayloadMessageConverter;
import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.benchmarks.proto.BenchEvent;
import dev.kafkautils.benchmarks.support.Payloads;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.kafka.support.converter.MessagingMessageConverter;
import org.springframework.messaging.Message;

/**
 * Protobuf through the starter against protobuf-java alone, per record:
 * <ul>
 * <li>{@code serialize*}: {@code toByteArray()} against {@link PayloadSerializer}, without
 * headers and with the record's headers (the producer gives every record a fresh
 * {@link RecordHeaders}; the starter adds its standard headers to it);</li>
 * <li>{@code parse*}: {@code parseFrom} against the starter's cached {@link PayloadReader};</li>
 * <li>{@code convert*}: what a record listener's argument costs: spring-kafka's
 * {@link MessagingMessageConverter} on a record whose value a protobuf deserializer has
 * parsed already, against the starter's {@link PayloadMessageConverter} on the wire bytes.</li>
 * </ul>
 * Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProtobufCodecBenchmark {

	@Param({ "100", "1024" })
	public int size;

	private BenchEvent message;

	private byte[] bytes;

	private Parser<BenchEvent> parser;

	private PayloadSerializer serializer;

	private PayloadReader reader;

	private PayloadMessageConverter starterConverter;

	private MessagingMessageConverter springConverter;

	private ConsumerRecord<String, byte[]> bytesRecord;

	@Setup
	public void setUp() {
		Payloads payloads = Payloads.of(this.size);
		this.message = payloads.messages()[0];
		this.bytes = payloads.bytes()[0];
		this.parser = BenchEvent.parser();
		this.serializer = CodecFixture.serializer();
		this.reader = CodecFixture.readers().forType(BenchEvent.class);
		this.starterConverter = CodecFixture.converter(CodecFixture.readers());
		this.springConverter = new MessagingMessageConverter();
		this.bytesRecord = CodecFixture.record(this.bytes, this.bytes.length, "application/x-protobuf");
	}

	@Benchmark
	public byte[] serializeRaw() {
		return this.message.toByteArray();
	}

	@Benchmark
	public byte[] serializeStarter() {
		return this.serializer.serialize(CodecFixture.TOPIC, this.message);
	}

	@Benchmark
	public byte[] serializeRawWithHeaders(Blackhole blackhole) {
		RecordHeaders headers = new RecordHeaders();
		blackhole.consume(headers);
		return this.message.toByteArray();
	}

	@Benchmark
	public byte[] serializeStarterWithHeaders(Blackhole blackhole) {
		RecordHeaders headers = new RecordHeaders();
		blackhole.consume(headers);
		return this.serializer.serialize(CodecFixture.TOPIC, headers, this.message);
	}

	@Benchmark
	public BenchEvent parseRaw() throws InvalidProtocolBufferException {
		return this.parser.parseFrom(this.bytes);
	}

	@Benchmark
	public Object parseStarter() throws Exception {
		return this.reader.read(this.bytes);
	}

	@Benchmark
	public Message<?> convertSpringKafkaWithParse() throws InvalidProtocolBufferException {
		ConsumerRecord<String, BenchEvent> parsed = CodecFixture.record(this.parser.parseFrom(this.bytes),
				this.bytes.length, "application/x-protobuf");
		return this.springConverter.toMessage(parsed, null, null, BenchEvent.class);
	}

	@Benchmark
	public Message<?> convertStarter() {
		ConsumerRecord<String, byte[]> record = CodecFixture.record(this.bytes, this.bytes.length,
				"application/x-protobuf");
		return this.starterConverter.toMessage(record, null, null, BenchEvent.class);
	}

}
