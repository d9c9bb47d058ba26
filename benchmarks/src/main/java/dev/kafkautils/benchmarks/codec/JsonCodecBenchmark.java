package dev.kafkautils.benchmarks.codec;

import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.benchmarks.support.Payloads;
import dev.kafkautils.benchmarks.support.Payloads.BenchJson;
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
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * JSON through the starter ({@link PayloadSerializer}, the cached JSON
 * {@link PayloadReader}) against Jackson's own writer and reader on the same
 * {@code JsonMapper}. Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonCodecBenchmark {

	@Param({ "100", "1024" })
	public int size;

	private BenchJson event;

	private byte[] json;

	private ObjectWriter writer;

	private ObjectReader reader;

	private PayloadSerializer serializer;

	private PayloadReader starterReader;

	@Setup
	public void setUp() {
		this.event = Payloads.of(this.size).json()[0];
		this.writer = CodecFixture.JSON_MAPPER.writer();
		this.reader = CodecFixture.JSON_MAPPER.readerFor(BenchJson.class);
		this.json = this.writer.writeValueAsBytes(this.event);
		this.serializer = CodecFixture.serializer();
		this.starterReader = CodecFixture.readers().forType(BenchJson.class);
	}

	@Benchmark
	public byte[] writeJackson() {
		return this.writer.writeValueAsBytes(this.event);
	}

	@Benchmark
	public byte[] writeStarter() {
		return this.serializer.serialize(CodecFixture.TOPIC, this.event);
	}

	@Benchmark
	public Object readJackson() {
		return this.reader.readValue(this.json);
	}

	@Benchmark
	public Object readStarter() throws Exception {
		return this.starterReader.read(this.json);
	}

}
