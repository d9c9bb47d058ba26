package dev.kafkautils.autoconfigure.registry;

import java.time.Duration;
import java.util.List;

import dev.kafkautils.autoconfigure.codec.PayloadFraming;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Order;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.confluent.kafka.serializers.protobuf.KafkaProtobufSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of the registry-aware codec: nothing without a registry client; with one, the
 * serializer frames, the gate sets levels and refuses incompatible schemas through its
 * failure analyzer (or only warns), and an application's own value serializer is left
 * alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchemaRegistryCodecAutoConfigurationTests {

	private static final String ORDER_TYPE = "kafka.utils.topics.orders.type=" + Order.class.getName();

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withConfiguration(AutoConfigurations.of(SchemaRegistryCodecAutoConfiguration.class))
		.withPropertyValues("kafka.utils.provisioning.enabled=false");

	@Test
	void withoutARegistryClientNothingIsFramed() {
		this.runner.withPropertyValues(ORDER_TYPE).run((context) -> {
			assertThat(context).doesNotHaveBean(PayloadFraming.class).doesNotHaveBean(SchemaCompatibilityGate.class);
			byte[] value = context.getBean(PayloadSerializer.class)
				.serialize("orders", new RecordHeaders(), Order.newBuilder().setId("o").build());
			assertThat(value).isEqualTo(Order.newBuilder().setId("o").build().toByteArray());
		});
	}

	@Test
	void withARegistryClientTheGateSetsTheLevelAndTheSerializerFrames() {
		InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
		this.runner.withBean(SchemaRegistryClient.class, () -> registry).withPropertyValues(ORDER_TYPE).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(SchemaRegistryFraming.class);
			assertThat(registry.levels()).containsEntry("orders-value", "BACKWARD");
			byte[] value = context.getBean(PayloadSerializer.class)
				.serialize("orders", new RecordHeaders(), Order.newBuilder().setId("o").build());
			assertThat(value[0]).isZero();
			assertThat(ConfluentWireFormat.readProtobuf(value).messageIndexes()).isEqualTo(MessageIndexes.FIRST);
			assertThat(registry.versions("orders-value")).hasSize(1);
		});
	}

	@Test
	void compatibilityNoneLeavesTheLevelAlone() {
		InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
		this.runner.withBean(SchemaRegistryClient.class, () -> registry)
			.withPropertyValues(ORDER_TYPE, "kafka.utils.schema-registry.compatibility=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(registry.levels()).isEmpty();
			});
	}

	@Test
	void anIncompatibleSchemaFailsStartUpNamingTopicSubjectAndReason() {
		InMemorySchemaRegistry registry = incompatibleRegistry();
		this.runner.withBean(SchemaRegistryClient.class, () -> registry).withPropertyValues(ORDER_TYPE).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			FailureAnalysis analysis = new IncompatibleSchemaFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("topic 'orders'", "subject 'orders-value'",
					"field 'id' changed type", Order.class.getName());
			assertThat(analysis.getAction()).contains("kafka.utils.schema-registry.fail-on-incompatible=false");
		});
	}

	@Test
	void failOnIncompatibleFalseOnlyWarns(CapturedOutput output) {
		InMemorySchemaRegistry registry = incompatibleRegistry();
		this.runner.withBean(SchemaRegistryClient.class, () -> registry)
			.withPropertyValues(ORDER_TYPE, "kafka.utils.schema-registry.fail-on-incompatible=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("subject 'orders-value'", "field 'id' changed type",
						"fail-on-incompatible=false: starting anyway");
			});
	}

	@Test
	void anApplicationsOwnValueSerializerIsLeftAlone() {
		InMemorySchemaRegistry registry = incompatibleRegistry();
		String topic = TestKafka.uniqueTopic("own-serializer");
		TestKafka.createTopics(1, topic);
		this.runner.withBean(SchemaRegistryClient.class, () -> registry)
			.withPropertyValues(ORDER_TYPE,
					"spring.kafka.producer.value-serializer=" + KafkaProtobufSerializer.class.getName())
			.run((context) -> {
				// the gate checks the starter's schemas only: it does not run, so the
				// incompatible registry does not stop start-up
				assertThat(context).hasNotFailed().doesNotHaveBean(SchemaCompatibilityGate.class);
				@SuppressWarnings("unchecked")
				KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
				Order order = Order.newBuilder().setId("own").build();
				template.send(topic, "k", order).get();
				List<ConsumerRecord<String, byte[]>> records = TestKafka.readRaw(topic, 1, Duration.ofSeconds(20));
				assertThat(records).singleElement().satisfies((record) -> {
					assertThat(record.value()[0]).isEqualTo(KafkaProtobufSerializer.MARKER);
					assertThat(Order.parseFrom(java.util.Arrays.copyOfRange(record.value(), 1, record.value().length)))
						.isEqualTo(order);
				});
				assertThat(registry.levels()).isEmpty();
				// the one call is the test's own registration of the earlier version
				assertThat(registry.calls()).isEqualTo(1);
			});
	}

	/** A registry with an earlier version under orders-value that refuses every other schema. */
	private static InMemorySchemaRegistry incompatibleRegistry() {
		InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
		registry.register("orders-value",
				new RegistrySchema("PROTOBUF", "syntax = \"proto3\"; message Order { int32 id = 1; }", List.of()),
				false);
		registry.compatibility((subject, schema) -> new CompatibilityResult(false, List.of("field 'id' changed type")));
		return registry;
	}

}
