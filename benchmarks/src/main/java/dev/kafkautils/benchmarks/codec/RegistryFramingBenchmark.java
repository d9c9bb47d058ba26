package dev.kafkautils.benchmarks.codec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.codec.DefaultPayloadReaders;
import dev.kafkautils.autoconfigure.codec.HeaderProperties;
import dev.kafkautils.autoconfigure.codec.JacksonJsonCodec;
import dev.kafkautils.autoconfigure.codec.PayloadMessageConverter;
import dev.kafkautils.autoconfigure.codec.PayloadReaders;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.codec.PayloadTypes;
import dev.kafkautils.autoconfigure.codec.StandardHeaders;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.registry.CompatibilityResult;
import dev.kafkautils.autoconfigure.registry.ProtoFileRenderer;
import dev.kafkautils.autoconfigure.registry.ProtobufSchemas;
import dev.kafkautils.autoconfigure.registry.RegistrySchema;
import dev.kafkautils.autoconfigure.registry.SchemaId;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryClient;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryFraming;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties;
import dev.kafkautils.autoconfigure.registry.SubjectNames;
import dev.kafkautils.autoconfigure.registry.SubjectVersion;
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

import org.springframework.messaging.Message;

/**
 * What the Schema Registry framing adds to the plain protobuf codec, per record after
 * warm-up (the bound: at most 5% CPU): the starter's serializer and listener
 * converter without framing ({@code *Plain}, as {@link ProtobufCodecBenchmark} measures
 * them) against the same with {@link SchemaRegistryFraming} ({@code *Framed}: the cached
 * prefix and the message written behind it; reading the frame, the check of the
 * schema/path against the declared type, and parsing at the frame's offset). The
 * registry is a stub that answers the one schema; after warm-up neither side calls it.
 * Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RegistryFramingBenchmark {

	@Param({ "100", "1024" })
	public int size;

	private BenchEvent message;

	private PayloadSerializer plainSerializer;

	private PayloadSerializer framedSerializer;

	private PayloadMessageConverter plainConverter;

	private PayloadMessageConverter framedConverter;

	private byte[] plainBytes;

	private byte[] framedBytes;

	@Setup
	public void setUp() {
		this.message = Payloads.of(this.size).messages()[0];
		SchemaRegistryProperties properties = new SchemaRegistryProperties();
		TopicNames names = TopicNames.of("", Map.of());
		SchemaRegistryClient registry = new OneSchemaRegistry(
				ProtoFileRenderer.render(BenchEvent.getDescriptor().getFile()));
		SchemaRegistryFraming framing = new SchemaRegistryFraming(registry, properties,
				new SubjectNames(properties, names), new ProtobufSchemas(registry, true, false), null);
		JacksonJsonCodec json = new JacksonJsonCodec(CodecFixture.JSON_MAPPER);
		StandardHeaders headers = new StandardHeaders(new HeaderProperties(), "bench");
		PayloadReaders readers = new DefaultPayloadReaders(json);
		PayloadTypes types = PayloadTypes.of(Map.of(), names, readers, getClass().getClassLoader());
		String contentType = new HeaderProperties().getContentType().getName();
		this.plainSerializer = new PayloadSerializer(json, headers, types);
		this.framedSerializer = new PayloadSerializer(json, headers, types, framing);
		this.plainConverter = new PayloadMessageConverter(readers, types, contentType);
		this.framedConverter = new PayloadMessageConverter(readers, types, contentType, framing);
		this.plainBytes = this.plainSerializer.serialize(CodecFixture.TOPIC, new RecordHeaders(), this.message);
		this.framedBytes = this.framedSerializer.serialize(CodecFixture.TOPIC, new RecordHeaders(), this.message);
		// warm the read side's schema/path cache
		read(this.framedConverter, this.framedBytes);
	}

	@Benchmark
	public byte[] serializePlain(Blackhole blackhole) {
		RecordHeaders headers = new RecordHeaders();
		blackhole.consume(headers);
		return this.plainSerializer.serialize(CodecFixture.TOPIC, headers, this.message);
	}

	@Benchmark
	public byte[] serializeFramed(Blackhole blackhole) {
		RecordHeaders headers = new RecordHeaders();
		blackhole.consume(headers);
		return this.framedSerializer.serialize(CodecFixture.TOPIC, headers, this.message);
	}

	@Benchmark
	public Message<?> convertPlain() {
		return read(this.plainConverter, this.plainBytes);
	}

	@Benchmark
	public Message<?> convertFramed() {
		return read(this.framedConverter, this.framedBytes);
	}

	private static Message<?> read(PayloadMessageConverter converter, byte[] bytes) {
		ConsumerRecord<String, byte[]> record = CodecFixture.record(bytes, bytes.length, "application/x-protobuf");
		return converter.toMessage(record, null, null, BenchEvent.class);
	}

	/** A registry that holds one schema, with id 1. */
	private static final class OneSchemaRegistry implements SchemaRegistryClient {

		private final RegistrySchema schema;

		OneSchemaRegistry(String text) {
			this.schema = new RegistrySchema(RegistrySchema.PROTOBUF, text, List.of());
		}

		@Override
		public SchemaId register(String subject, RegistrySchema schema, boolean normalize) {
			return new SchemaId(1, null);
		}

		@Override
		public Optional<SubjectVersion> lookup(String subject, RegistrySchema schema, boolean normalize) {
			return Optional.of(new SubjectVersion(subject, 1, 1, this.schema));
		}

		@Override
		public RegistrySchema schemaById(int id) {
			return this.schema;
		}

		@Override
		public RegistrySchema schemaByGuid(UUID guid) {
			return this.schema;
		}

		@Override
		public Optional<SubjectVersion> version(String subject, int version) {
			return Optional.of(new SubjectVersion(subject, 1, 1, this.schema));
		}

		@Override
		public CompatibilityResult checkCompatibility(String subject, RegistrySchema schema) {
			return new CompatibilityResult(true, List.of());
		}

		@Override
		public Optional<String> compatibility(String subject) {
			return Optional.empty();
		}

		@Override
		public void setCompatibility(String subject, String level) {
		}

	}

}
