package dev.kafkautils.autoconfigure.registry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.github.victools.jsonschema.generator.SchemaGenerator;
import dev.kafkautils.autoconfigure.codec.ContentType;
import dev.kafkautils.autoconfigure.codec.PayloadFraming;
import dev.kafkautils.autoconfigure.codec.PayloadReaders;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * JSON payloads with JSON Schema: the schema generated from the class (victools) and
 * registered with schema type JSON under the topic's subject, the magic byte and id in
 * front of the JSON without message indexes, reading back into the class, the per-topic
 * switch, the gate for declared JSON types, and a clear start-up failure without the
 * generator.
 */
class JsonSchemaFramingTests {

	private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withConfiguration(AutoConfigurations.of(SchemaRegistryCodecAutoConfiguration.class))
		.withBean(SchemaRegistryClient.class, () -> this.registry)
		.withPropertyValues("kafka.utils.provisioning.enabled=false");

	@Test
	void aTopicWithJsonSchemaRegistersTheGeneratedSchemaAndFramesWithTheIdOnly() {
		this.runner
			.withPropertyValues("kafka.utils.schema-registry.topics.payments.json-schema=true",
					"kafka.utils.topics.payments.type=" + Payment.class.getName())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// the gate checked the declared type and set the level
				assertThat(this.registry.levels()).containsEntry("payments-value", "BACKWARD");
				PayloadSerializer serializer = context.getBean(PayloadSerializer.class);
				Payment payment = new Payment("p-1", 1250);
				byte[] value = serializer.serialize("payments", new RecordHeaders(), payment);
				RegistrySchema schema = this.registry.versions("payments-value").get(0);
				assertThat(schema.schemaType()).isEqualTo("JSON");
				assertThat(schema.schema()).contains("\"$schema\":\"http://json-schema.org/draft-07/schema#\"",
						"\"id\"", "\"cents\"");
				SchemaFrame frame = ConfluentWireFormat.readJsonSchema(value);
				assertThat(frame.messageIndexes()).isNull();
				assertThat(frame.payloadOffset()).isEqualTo(5);
				assertThat(frame.schemaId()).isEqualTo(this.registry.lookup("payments-value", schema, false).orElseThrow().id());
				String json = new String(Arrays.copyOfRange(value, 5, value.length), StandardCharsets.UTF_8);
				assertThat(json).contains("\"id\":\"p-1\"", "\"cents\":1250");

				PayloadFraming framing = context.getBean(PayloadFraming.class);
				assertThat(framing.frames("payments", ContentType.JSON)).isTrue();
				Object read = framing.read("payments", new RecordHeaders(), value, Payment.class,
						context.getBean(PayloadReaders.class).forType(Payment.class));
				assertThat(read).isEqualTo(payment);

				// a topic without JSON Schema keeps plain JSON
				assertThat(framing.frames("other", ContentType.JSON)).isFalse();
				byte[] plain = serializer.serialize("other", new RecordHeaders(), payment);
				assertThat(new String(plain, StandardCharsets.UTF_8)).startsWith("{");
				// unframed JSON on a JSON Schema topic is refused
				assertThatExceptionOfType(InvalidFrameException.class).isThrownBy(() -> framing.read("payments",
						new RecordHeaders(), plain, Payment.class, context.getBean(PayloadReaders.class).forType(Payment.class)));
			});
	}

	@Test
	void aProtobufSchemaIdOnAJsonSchemaTopicIsRefused() {
		SchemaId protobuf = this.registry.register("x-value",
				new RegistrySchema("PROTOBUF", "syntax = \"proto3\"; message X {}", List.of()), false);
		this.runner.withPropertyValues("kafka.utils.schema-registry.json-schema=true").run((context) -> {
			byte[] value = ConfluentWireFormat.frame(ConfluentWireFormat.jsonSchemaPrefix(protobuf.id()),
					"{}".getBytes(StandardCharsets.UTF_8));
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> context.getBean(PayloadFraming.class)
					.read("payments", new RecordHeaders(), value, Payment.class,
							context.getBean(PayloadReaders.class).forType(Payment.class)))
				.withMessageContaining("is a PROTOBUF schema, not JSON Schema");
		});
	}

	@Test
	void withoutTheGeneratorJsonSchemaFailsStartUpNamingTheProperty() {
		this.runner.withClassLoader(new FilteredClassLoader(SchemaGenerator.class))
			.withPropertyValues("kafka.utils.schema-registry.json-schema=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(KafkaUtilsPropertyException.class)
					.hasMessageContaining("kafka.utils.schema-registry.json-schema")
					.hasMessageContaining("com.github.victools:jsonschema-generator");
			});
	}

	@Test
	void withoutJsonSchemaNoGeneratorIsNeeded() {
		this.runner.withClassLoader(new FilteredClassLoader(SchemaGenerator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JsonSchemaFraming.class));
	}

	/** A JSON payload class. */
	public record Payment(String id, long cents) {
	}

}
