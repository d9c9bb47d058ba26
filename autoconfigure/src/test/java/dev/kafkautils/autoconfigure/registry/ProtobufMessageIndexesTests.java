package dev.kafkautils.autoconfigure.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Order;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Order.Line;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Order.Line.Discount;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Ping;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Priority;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Shipment;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static dev.kafkautils.autoconfigure.registry.ConfluentWireFormatTests.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Message-index paths of generated protobuf types (registry_framing.proto): nested
 * messages, enums declared before and between messages (never counted), map fields
 * (whose entry messages count in their field's place), and the way back from a path to
 * the message type.
 */
class ProtobufMessageIndexesTests {

	private static final FileDescriptor FILE = FramingTestMessages.getDescriptor();

	@Test
	void enumsBeforeAndBetweenMessagesDoNotCount() {
		assertThat(FILE.getEnumTypes()).extracting(EnumDescriptor::getName).containsExactly("Priority", "Region");
		assertThat(ProtobufMessageIndexes.of(Order.getDescriptor())).isSameAs(MessageIndexes.FIRST);
		assertThat(ProtobufMessageIndexes.of(Shipment.getDescriptor())).isEqualTo(MessageIndexes.of(1));
		assertThat(ProtobufMessageIndexes.of(Ping.getDescriptor())).isEqualTo(MessageIndexes.of(2));
		assertThat(Line.getDescriptor().getEnumTypes()).extracting(EnumDescriptor::getName).containsExactly("Kind");
		assertThat(ProtobufMessageIndexes.of(Discount.getDescriptor())).isEqualTo(MessageIndexes.of(0, 1, 0));
	}

	@Test
	void mapEntriesCountAsNestedMessagesInTheirFieldsPlace() {
		Descriptor quantities = Order.getDescriptor().findNestedTypeByName("QuantitiesEntry");
		assertThat(quantities.getOptions().getMapEntry()).isTrue();
		assertThat(ProtobufMessageIndexes.of(quantities)).isEqualTo(MessageIndexes.of(0, 0));
		assertThat(ProtobufMessageIndexes.of(Line.getDescriptor())).isEqualTo(MessageIndexes.of(0, 1));

		Descriptor parcels = Shipment.getDescriptor().findNestedTypeByName("ParcelsEntry");
		assertThat(parcels.getOptions().getMapEntry()).isTrue();
		assertThat(ProtobufMessageIndexes.of(Shipment.Parcel.getDescriptor())).isEqualTo(MessageIndexes.of(1, 0));
		assertThat(ProtobufMessageIndexes.of(parcels)).isEqualTo(MessageIndexes.of(1, 1));
		assertThat(ProtobufMessageIndexes.of(Shipment.Address.getDescriptor())).isEqualTo(MessageIndexes.of(1, 2));
	}

	@Test
	void everyMessageOfTheFileResolvesBackToItself() {
		List<Descriptor> all = new ArrayList<>();
		collect(FILE.getMessageTypes(), all);
		assertThat(all).extracting(Descriptor::getName)
			.containsExactly("Order", "QuantitiesEntry", "Line", "Discount", "Shipment", "Parcel", "ParcelsEntry",
					"Address", "Ping");
		for (Descriptor type : all) {
			MessageIndexes indexes = ProtobufMessageIndexes.of(type);
			assertThat(ProtobufMessageIndexes.resolve(FILE, indexes)).as("%s at %s", type.getFullName(), indexes)
				.isSameAs(type);
			// and through the bytes of a frame
			SchemaFrame frame = ConfluentWireFormat.readProtobuf(ConfluentWireFormat.protobufPrefix(1, indexes));
			assertThat(frame.messageIndexes()).isEqualTo(indexes);
		}
	}

	@Test
	void aNestedMessageIsFramedAsConfluentFramesItAndReadBackIntoItsClass() throws Exception {
		Discount discount = Discount.newBuilder().setPercent(15).build();
		byte[] value = ConfluentWireFormat.frame(
				ConfluentWireFormat.protobufPrefix(3, ProtobufMessageIndexes.of(Discount.getDescriptor())),
				discount.toByteArray());
		assertThat(value).isEqualTo(hex("00 00000003 06 00 02 00 080f"));

		SchemaFrame frame = ConfluentWireFormat.readProtobuf(value);
		assertThat(frame.schemaId()).isEqualTo(3);
		Descriptor type = ProtobufMessageIndexes.resolve(FILE, frame.messageIndexes());
		assertThat(type).isSameAs(Discount.getDescriptor());
		assertThat(Discount.parser().parseFrom(value, frame.payloadOffset(), frame.payloadLength()))
			.isEqualTo(discount);
	}

	@Test
	void aMessageWithMapsAndNestedTypesRoundTripsInTheHeaderForm() throws Exception {
		Order order = Order.newBuilder()
			.setId("o-1")
			.putQuantities("sku-1", 2)
			.putQuantities("sku-2", 5)
			.addLines(Line.newBuilder()
				.setSku("sku-1")
				.setKind(Line.Kind.KIND_GIFT)
				.setDiscount(Discount.newBuilder().setPercent(10)))
			.setPriority(Priority.PRIORITY_HIGH)
			.build();
		UUID guid = UUID.randomUUID();
		RecordHeaders headers = new RecordHeaders();
		ConfluentWireFormat.setHeader(headers, false,
				ConfluentWireFormat.protobufHeader(guid, ProtobufMessageIndexes.of(Order.getDescriptor())));
		byte[] value = order.toByteArray();

		SchemaFrame frame = ConfluentWireFormat.readProtobuf(headers, false, value);
		assertThat(frame.schemaGuid()).isEqualTo(guid);
		Descriptor type = ProtobufMessageIndexes.resolve(FILE, frame.messageIndexes());
		assertThat(type).isSameAs(Order.getDescriptor());
		assertThat(Order.parser().parseFrom(value, frame.payloadOffset(), frame.payloadLength())).isEqualTo(order);
		// a reader without the generated class decodes the same fields from the resolved type
		DynamicMessage dynamic = DynamicMessage.parseFrom(type, value);
		assertThat(dynamic.getField(type.findFieldByName("id"))).isEqualTo("o-1");
		assertThat(dynamic.getRepeatedFieldCount(type.findFieldByName("quantities"))).isEqualTo(2);
	}

	@Test
	void pathsTheFileDoesNotHaveAreInvalidFrames() {
		assertThatExceptionOfType(InvalidFrameException.class)
			.isThrownBy(() -> ProtobufMessageIndexes.resolve(FILE, MessageIndexes.of(3)))
			.withMessage("Invalid schema frame: message-index path [3] names message 3 at level 0, but schema file "
					+ "registry_framing.proto has 3 top-level messages");
		assertThatExceptionOfType(InvalidFrameException.class)
			.isThrownBy(() -> ProtobufMessageIndexes.resolve(FILE, MessageIndexes.of(0, 2)))
			.withMessageContaining("but message kafkautils.test.registry.Order has 2 nested messages");
		assertThatExceptionOfType(InvalidFrameException.class)
			.isThrownBy(() -> ProtobufMessageIndexes.resolve(FILE, MessageIndexes.of(0, 1, 0, 0)))
			.withMessageContaining("but message kafkautils.test.registry.Order.Line.Discount has 0 nested messages");
		assertThatExceptionOfType(InvalidFrameException.class)
			.isThrownBy(() -> ProtobufMessageIndexes.resolve(FILE, MessageIndexes.of(127, 8, 9)))
			.withMessageContaining("names message 127 at level 0");
	}

	private static void collect(List<Descriptor> types, List<Descriptor> into) {
		for (Descriptor type : types) {
			into.add(type);
			collect(type.getNestedTypes(), into);
		}
	}

}
