package dev.kafkautils.autoconfigure.registry;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.codec.ContentType;
import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Order;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Order.Line.Discount;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Shipment;
import dev.kafkautils.autoconfigure.registry.MoneyTestMessages.Money;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.Framing;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.SubjectNameStrategy;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.TopicSettings;
import dev.kafkautils.autoconfigure.registry.SchemaTestMessages.Invoice;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry framing of protobuf payloads against an in-memory registry: what is
 * registered under which subject, the bytes of the frame, reading back into the
 * declared class (from text or base64 schemas, by id or by GUID), and the records that
 * must fail (another message type, no frame, an unknown schema).
 */
class SchemaRegistryFramingTests {

	private static final PayloadReader UNUSED_READER = new PayloadReader() {

		@Override
		public Object read(byte[] data) {
			throw new AssertionError("the framing parses with the declared class's parser");
		}

		@Override
		public ContentType contentType() {
			return ContentType.PROTOBUF;
		}

		@Override
		public String typeName() {
			return "unused";
		}

	};

	private static String hex(byte[] bytes) {
		return java.util.HexFormat.of().formatHex(bytes);
	}

	private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

	private final SchemaRegistryProperties properties = new SchemaRegistryProperties();

	private SchemaRegistryFraming framing() {
		TopicProperties declared = new TopicProperties();
		TopicNames names = TopicNames.of("", Map.of("orders", declared));
		return new SchemaRegistryFraming(this.registry, this.properties, new SubjectNames(this.properties, names),
				new ProtobufSchemas(this.registry, this.properties.isAutoRegister(), this.properties.isNormalize()),
				null);
	}

	@Test
	void firstSendRegistersTheFileUnderTopicValueAndLaterSendsReuseTheFrame() {
		SchemaRegistryFraming framing = framing();
		Order order = Order.newBuilder().setId("o-1").build();
		byte[] value = framing.write("orders", new RecordHeaders(), order, ContentType.PROTOBUF);
		List<RegistrySchema> versions = this.registry.versions("orders-value");
		assertThat(versions).hasSize(1);
		assertThat(versions.get(0).schemaType()).isEqualTo("PROTOBUF");
		assertThat(versions.get(0).schema()).isEqualTo(ProtoFileRenderer.render(FramingTestMessages.getDescriptor()));
		int id = this.registry.lookup("orders-value", versions.get(0), false).orElseThrow().id();
		// magic 0, the id, path [0] as the single byte 00, then the message
		String idHex = String.format("%08x", id);
		assertThat(hex(value)).isEqualTo("00" + idHex + "00" + hex(order.toByteArray()));
		int calls = this.registry.calls();
		for (int i = 0; i < 1000; i++) {
			assertThat(framing.write("orders", new RecordHeaders(), order, ContentType.PROTOBUF)).isEqualTo(value);
		}
		assertThat(this.registry.calls()).isEqualTo(calls);
	}

	@Test
	void aNestedTypeIsFramedWithItsPathAndReadBackIntoItsClass() throws Exception {
		SchemaRegistryFraming framing = framing();
		Discount discount = Discount.newBuilder().setPercent(15).build();
		byte[] value = framing.write("orders", new RecordHeaders(), discount, ContentType.PROTOBUF);
		SchemaFrame frame = ConfluentWireFormat.readProtobuf(value);
		assertThat(frame.messageIndexes()).isEqualTo(MessageIndexes.of(0, 1, 0));
		Object read = framing().read("orders", new RecordHeaders(), value, Discount.class, UNUSED_READER);
		assertThat(read).isInstanceOf(Discount.class).isEqualTo(discount);
	}

	@Test
	void dynamicMessagesOfDifferentTypesGetTheirOwnFrames() {
		SchemaRegistryFraming framing = framing();
		byte[] order = framing.write("orders", new RecordHeaders(),
				com.google.protobuf.DynamicMessage.getDefaultInstance(Order.getDescriptor()), ContentType.PROTOBUF);
		byte[] shipment = framing.write("orders", new RecordHeaders(),
				com.google.protobuf.DynamicMessage.getDefaultInstance(Shipment.getDescriptor()), ContentType.PROTOBUF);
		assertThat(ConfluentWireFormat.readProtobuf(order).messageIndexes()).isEqualTo(MessageIndexes.FIRST);
		assertThat(ConfluentWireFormat.readProtobuf(shipment).messageIndexes()).isEqualTo(MessageIndexes.of(1));
	}

	@Test
	void importsAreRegisteredAsReferencesUnderTheirPathAndWellKnownTypesAreNot() {
		SchemaRegistryFraming framing = framing();
		Invoice invoice = Invoice.newBuilder()
			.setId("i-1")
			.setIssuedAt(Timestamp.newBuilder().setSeconds(5))
			.setTotal(Money.newBuilder().setCurrency("EUR").setUnits(12))
			.build();
		framing.write("orders", new RecordHeaders(), invoice, ContentType.PROTOBUF);
		RegistrySchema schema = this.registry.versions("orders-value").get(0);
		assertThat(schema.references())
			.containsExactly(new SchemaReference("kafkautils/test/money.proto", "kafkautils/test/money.proto", 1));
		assertThat(this.registry.versions("kafkautils/test/money.proto")).singleElement()
			.extracting(RegistrySchema::schema)
			.isEqualTo(ProtoFileRenderer.render(MoneyTestMessages.getDescriptor()));
		assertThat(this.registry.versions("google/protobuf/timestamp.proto")).isEmpty();
	}

	@Test
	void recordsFramedByAnotherClientWithABase64SchemaAreReadIntoTheDeclaredClass() throws Exception {
		// what Confluent's non-Java clients register: a base64 FileDescriptorProto
		String base64 = Base64.getEncoder().encodeToString(FramingTestMessages.getDescriptor().toProto().toByteArray());
		SchemaId id = this.registry.register("shipments-value", new RegistrySchema("PROTOBUF", base64, List.of()),
				false);
		Shipment shipment = Shipment.newBuilder().setOrderId("o-7").build();
		byte[] value = ConfluentWireFormat.frame(ConfluentWireFormat.protobufPrefix(id.id(), MessageIndexes.of(1)),
				shipment.toByteArray());
		assertThat(framing().read("shipments", new RecordHeaders(), value, Shipment.class, UNUSED_READER))
			.isEqualTo(shipment);
	}

	@Test
	void aRecordOfAnotherMessageTypeIsRefusedNamingBothTypes() {
		SchemaRegistryFraming framing = framing();
		byte[] shipment = framing.write("orders", new RecordHeaders(), Shipment.newBuilder().setOrderId("x").build(),
				ContentType.PROTOBUF);
		// same field numbers, same wire bytes would parse: the frame's path tells them apart
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> framing.read("orders", new RecordHeaders(), shipment, Order.class, UNUSED_READER))
			.withMessageContaining("names message type kafkautils.test.registry.Shipment at path [1]")
			.withMessageContaining("not kafkautils.test.registry.Order, the declared type " + Order.class.getName());
	}

	@Test
	void unframedBytesAndUnknownSchemasAreRefused() {
		SchemaRegistryFraming framing = framing();
		byte[] plain = Order.newBuilder().setId("o-1").build().toByteArray();
		assertThatExceptionOfType(InvalidFrameException.class)
			.isThrownBy(() -> framing.read("orders", new RecordHeaders(), plain, Order.class, UNUSED_READER))
			.withMessageContaining("not magic byte 0x00");
		byte[] unknown = ConfluentWireFormat.frame(ConfluentWireFormat.protobufPrefix(424242, MessageIndexes.FIRST),
				plain);
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> framing.read("orders", new RecordHeaders(), unknown, Order.class, UNUSED_READER))
			.withMessageContaining("id 424242")
			.withMessageContaining("cannot be fetched");
	}

	@Test
	void readingAfterWarmUpMakesNoRegistryCalls() throws Exception {
		SchemaRegistryFraming framing = framing();
		Order order = Order.newBuilder().setId("o-1").build();
		byte[] value = framing.write("orders", new RecordHeaders(), order, ContentType.PROTOBUF);
		SchemaRegistryFraming reader = framing();
		reader.read("orders", new RecordHeaders(), value, Order.class, UNUSED_READER);
		int calls = this.registry.calls();
		for (int i = 0; i < 1000; i++) {
			assertThat(reader.read("orders", new RecordHeaders(), value, Order.class, UNUSED_READER)).isEqualTo(order);
		}
		assertThat(this.registry.calls()).isEqualTo(calls);
	}

	@Test
	void recordAndTopicRecordStrategiesNameTheSubjectAfterTheMessageType() {
		this.properties.setSubjectNameStrategy(SubjectNameStrategy.RECORD);
		TopicSettings shipments = new TopicSettings();
		shipments.setSubjectNameStrategy(SubjectNameStrategy.TOPIC_RECORD);
		this.properties.getTopics().put("shipments", shipments);
		SchemaRegistryFraming framing = framing();
		framing.write("orders", new RecordHeaders(), Order.getDefaultInstance(), ContentType.PROTOBUF);
		framing.write("shipments", new RecordHeaders(), Shipment.getDefaultInstance(), ContentType.PROTOBUF);
		assertThat(this.registry.versions("kafkautils.test.registry.Order")).hasSize(1);
		assertThat(this.registry.versions("shipments-kafkautils.test.registry.Shipment")).hasSize(1);
		assertThat(this.registry.versions("orders-value")).isEmpty();
	}

	@Test
	void headerFramingPutsMagicOneTheGuidAndThePathInTheHeaderAndLeavesTheValueBare() throws Exception {
		this.properties.setFraming(Framing.HEADER);
		SchemaRegistryFraming framing = framing();
		Discount discount = Discount.newBuilder().setPercent(3).build();
		Headers headers = new RecordHeaders();
		byte[] value = framing.write("orders", headers, discount, ContentType.PROTOBUF);
		assertThat(value).isEqualTo(discount.toByteArray());
		byte[] header = headers.lastHeader("__value_schema_id").value();
		SchemaId id = this.registry.register("orders-value", this.registry.versions("orders-value").get(0), false);
		assertThat(header[0]).isEqualTo((byte) 1);
		assertThat(hex(header)).isEqualTo("01" + id.guid().toString().replace("-", "") + "06" + "00" + "02" + "00");
		assertThat(framing().read("orders", headers, value, Discount.class, UNUSED_READER)).isEqualTo(discount);
	}

	@Test
	void headerFramingNeedsARegistryThatGivesGuids() {
		InMemorySchemaRegistry noGuids = new InMemorySchemaRegistry(false);
		this.properties.setFraming(Framing.HEADER);
		SchemaRegistryFraming framing = new SchemaRegistryFraming(noGuids, this.properties,
				new SubjectNames(this.properties, TopicNames.of("", Map.of())), new ProtobufSchemas(noGuids, true, false),
				null);
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> framing.write("orders", new RecordHeaders(), Order.getDefaultInstance(),
					ContentType.PROTOBUF))
			.withMessageContaining("framing=header")
			.withMessageContaining("gave none");
	}

	@Test
	void withoutAutoRegisterTheSchemaMustBeRegistered() {
		this.properties.setAutoRegister(false);
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> framing().write("orders", new RecordHeaders(), Order.getDefaultInstance(),
					ContentType.PROTOBUF))
			.withMessageContaining("not registered under subject 'orders-value'")
			.withMessageContaining("auto-register is false");
		RegistrySchema schema = new RegistrySchema("PROTOBUF",
				ProtoFileRenderer.render(FramingTestMessages.getDescriptor()), List.of());
		SchemaId id = this.registry.register("orders-value", schema, false);
		byte[] value = framing().write("orders", new RecordHeaders(), Order.getDefaultInstance(), ContentType.PROTOBUF);
		assertThat(ConfluentWireFormat.readProtobuf(value).schemaId()).isEqualTo(id.id());
		assertThat(this.registry.versions("orders-value")).hasSize(1);
	}

	@Test
	void useLatestVersionFramesWithTheLatestIdWhenItHasTheTypeAtTheSamePath() {
		this.properties.setUseLatestVersion(true);
		RegistrySchema older = new RegistrySchema("PROTOBUF",
				ProtoFileRenderer.render(FramingTestMessages.getDescriptor()), List.of());
		RegistrySchema latest = new RegistrySchema("PROTOBUF",
				ProtoFileRenderer.render(FramingTestMessages.getDescriptor()) + "\nmessage Extra {}\n", List.of());
		this.registry.register("orders-value", older, false);
		SchemaId latestId = this.registry.register("orders-value", latest, false);
		byte[] value = framing().write("orders", new RecordHeaders(), Order.getDefaultInstance(), ContentType.PROTOBUF);
		assertThat(ConfluentWireFormat.readProtobuf(value).schemaId()).isEqualTo(latestId.id());

		this.registry.register("other-value",
				new RegistrySchema("PROTOBUF", "syntax = \"proto3\"; package x; message Other {}", List.of()), false);
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> framing().write("other", new RecordHeaders(), Order.getDefaultInstance(),
					ContentType.PROTOBUF))
			.withMessageContaining("has message type x.Other at path [0]");
	}

}
