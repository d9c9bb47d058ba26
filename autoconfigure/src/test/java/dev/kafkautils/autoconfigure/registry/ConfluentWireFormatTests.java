package dev.kafkautils.autoconfigure.registry;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import dev.kafkautils.autoconfigure.support.SendAllocation;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Confluent wire format byte for byte: the public vectors of Confluent's clients
 * (confluent-kafka-python's tests), the header form of Confluent's serializers 8.x, JSON
 * Schema frames, and a clear {@link InvalidFrameException} for every malformed frame.
 */
class ConfluentWireFormatTests {

	private static final UUID GUID = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

	private static final String GUID_HEX = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

	/** Keeps each result of the allocation test alive, so that none is optimised away. */
	private @Nullable SchemaFrame last;

	@Test
	void messageIndexesAreWrittenAsConfluentsClientsWriteThem() {
		assertThat(MessageIndexes.of(0).toByteArray()).isEqualTo(hex("00"));
		assertThat(MessageIndexes.of(1).toByteArray()).isEqualTo(hex("02 02"));
		assertThat(MessageIndexes.of(127, 8, 9).toByteArray()).isEqualTo(hex("06 fe01 10 12"));
		assertThat(MessageIndexes.of(128).toByteArray()).isEqualTo(hex("02 8002"));
		assertThat(MessageIndexes.of(0, 0).toByteArray()).isEqualTo(hex("04 00 00"));
		for (MessageIndexes indexes : new MessageIndexes[] { MessageIndexes.of(0), MessageIndexes.of(1),
				MessageIndexes.of(127, 8, 9), MessageIndexes.of(128), MessageIndexes.of(0, 0) }) {
			assertThat(indexes.encodedLength()).isEqualTo(indexes.toByteArray().length);
		}
	}

	@Test
	void messageIndexesAreReadAsConfluentsClientsWriteThem() {
		assertThat(indexesOf("00")).isEqualTo(MessageIndexes.of(0)).isSameAs(MessageIndexes.FIRST);
		assertThat(indexesOf("02 02")).isEqualTo(MessageIndexes.of(1));
		assertThat(indexesOf("06 fe01 10 12")).isEqualTo(MessageIndexes.of(127, 8, 9));
		assertThat(indexesOf("02 8002")).isEqualTo(MessageIndexes.of(128));
	}

	@Test
	void theFirstMessageIsAlsoReadInItsLongForm() {
		SchemaFrame frame = ConfluentWireFormat.readProtobuf(hex("00 00000007 02 00 0801"));
		assertThat(frame.messageIndexes()).isSameAs(MessageIndexes.FIRST);
		assertThat(frame.schemaId()).isEqualTo(7);
		assertThat(frame.payloadOffset()).isEqualTo(7);
		assertThat(frame.payloadLength()).isEqualTo(2);
	}

	@Test
	void publicFrameVectorIsSchemaOneWithPathOneTwoThree() {
		SchemaFrame frame = ConfluentWireFormat.readProtobuf(hex("00 00000001 06 02 04 06"));
		assertThat(frame.hasSchemaGuid()).isFalse();
		assertThat(frame.schemaGuid()).isNull();
		assertThat(frame.schemaId()).isEqualTo(1);
		assertThat(frame.messageIndexes()).isEqualTo(MessageIndexes.of(1, 2, 3));
		assertThat(frame.fromHeader()).isFalse();
		assertThat(frame.payloadOffset()).isEqualTo(9);
		assertThat(frame.payloadLength()).isZero();
		assertThat(ConfluentWireFormat.protobufPrefix(1, MessageIndexes.of(1, 2, 3)))
			.isEqualTo(hex("00 00000001 06 02 04 06"));
	}

	@Test
	void schemaIdIsBigEndian() {
		assertThat(ConfluentWireFormat.protobufPrefix(0x01020304, MessageIndexes.FIRST))
			.isEqualTo(hex("00 01020304 00"));
		assertThat(ConfluentWireFormat.readProtobuf(hex("00 01020304 00")).schemaId()).isEqualTo(0x01020304);
		assertThat(ConfluentWireFormat.readProtobuf(hex("00 ffffff00 00")).schemaId()).isEqualTo(0xffffff00);
	}

	@Test
	void payloadFollowsThePathAndIsNotCopied() {
		byte[] value = ConfluentWireFormat.frame(ConfluentWireFormat.protobufPrefix(42, MessageIndexes.of(128)),
				hex("0a03616263"));
		assertThat(value).isEqualTo(hex("00 0000002a 02 8002 0a03616263"));
		SchemaFrame frame = ConfluentWireFormat.readProtobuf(value);
		assertThat(frame.schemaId()).isEqualTo(42);
		assertThat(frame.payloadOffset()).isEqualTo(8);
		assertThat(frame.payloadLength()).isEqualTo(5);
	}

	@Test
	void topLevelPathsAreShared() {
		assertThat(indexesOf("02 02")).isSameAs(indexesOf("02 02"));
		assertThat(indexesOf("02 3e")).isEqualTo(MessageIndexes.of(31)).isSameAs(MessageIndexes.of(31));
		assertThat(indexesOf("02 40")).isEqualTo(MessageIndexes.of(32));
	}

	@Test
	void jsonSchemaFramesHaveNoPath() {
		assertThat(ConfluentWireFormat.jsonSchemaPrefix(5)).isEqualTo(hex("00 00000005"));
		byte[] json = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
		SchemaFrame frame = ConfluentWireFormat
			.readJsonSchema(ConfluentWireFormat.frame(ConfluentWireFormat.jsonSchemaPrefix(5), json));
		assertThat(frame.schemaId()).isEqualTo(5);
		assertThat(frame.messageIndexes()).isNull();
		assertThat(frame.payloadOffset()).isEqualTo(5);
		assertThat(frame.payloadLength()).isEqualTo(json.length);
		assertThat(ConfluentWireFormat.readJsonSchema(hex("00 00000005")).payloadLength()).isZero();
	}

	@Test
	void headerFormHoldsMagicByteOneTheGuidAndThePath() {
		assertThat(ConfluentWireFormat.protobufHeader(GUID, MessageIndexes.FIRST)).isEqualTo(hex("01" + GUID_HEX + "00"));
		assertThat(ConfluentWireFormat.protobufHeader(GUID, MessageIndexes.of(1, 2, 3)))
			.isEqualTo(hex("01" + GUID_HEX + "06 02 04 06"));
		assertThat(ConfluentWireFormat.jsonSchemaHeader(GUID)).isEqualTo(hex("01" + GUID_HEX));

		RecordHeaders headers = new RecordHeaders();
		headers.add("__value_schema_id", hex("01" + GUID_HEX + "04 02 00"));
		byte[] value = hex("0801");
		SchemaFrame frame = ConfluentWireFormat.readProtobuf(headers, false, value);
		assertThat(frame.fromHeader()).isTrue();
		assertThat(frame.hasSchemaGuid()).isTrue();
		assertThat(frame.schemaGuid()).isEqualTo(GUID);
		assertThat(frame.messageIndexes()).isEqualTo(MessageIndexes.of(1, 0));
		assertThat(frame.payloadOffset()).isZero();
		assertThat(frame.payloadLength()).isEqualTo(2);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(frame::schemaId)
			.withMessageContaining(GUID.toString());
	}

	@Test
	void headerWinsOverTheValueAndKeysHaveTheirOwnHeader() {
		RecordHeaders headers = new RecordHeaders();
		ConfluentWireFormat.setHeader(headers, false, ConfluentWireFormat.protobufHeader(GUID, MessageIndexes.FIRST));
		byte[] prefixed = hex("00 00000009 00 0801");
		// a value header does not apply to the key, whose bytes carry their own frame
		SchemaFrame key = ConfluentWireFormat.readProtobuf(headers, true, prefixed);
		assertThat(key.fromHeader()).isFalse();
		assertThat(key.schemaId()).isEqualTo(9);
		assertThat(key.payloadOffset()).isEqualTo(6);
		SchemaFrame value = ConfluentWireFormat.readProtobuf(headers, false, prefixed);
		assertThat(value.fromHeader()).isTrue();
		assertThat(value.schemaGuid()).isEqualTo(GUID);
		assertThat(value.payloadOffset()).isZero();
		assertThat(value.payloadLength()).isEqualTo(prefixed.length);

		ConfluentWireFormat.setHeader(headers, true, ConfluentWireFormat.jsonSchemaHeader(GUID));
		ConfluentWireFormat.setHeader(headers, true, ConfluentWireFormat.jsonSchemaHeader(GUID));
		assertThat(headers.headers("__key_schema_id")).hasSize(1);
		assertThat(ConfluentWireFormat.readJsonSchema(headers, true, hex("7b7d")).schemaGuid()).isEqualTo(GUID);
	}

	@Test
	void headerMayNameTheSchemaById() {
		RecordHeaders headers = new RecordHeaders();
		headers.add("__value_schema_id", hex("00 0000000c 02 02"));
		SchemaFrame frame = ConfluentWireFormat.readProtobuf(headers, false, hex("0801"));
		assertThat(frame.schemaId()).isEqualTo(12);
		assertThat(frame.messageIndexes()).isEqualTo(MessageIndexes.of(1));
		assertThat(frame.payloadLength()).isEqualTo(2);
	}

	@Test
	void withoutAHeaderOrWithAnEmptyOneTheValueIsRead() {
		byte[] prefixed = hex("00 00000003 00");
		assertThat(ConfluentWireFormat.readProtobuf(null, false, prefixed).schemaId()).isEqualTo(3);
		assertThat(ConfluentWireFormat.readProtobuf(new RecordHeaders(), false, prefixed).schemaId()).isEqualTo(3);
		RecordHeaders nullHeader = new RecordHeaders();
		nullHeader.add("__value_schema_id", null);
		assertThat(ConfluentWireFormat.readProtobuf(nullHeader, false, prefixed).schemaId()).isEqualTo(3);
		assertThat(ConfluentWireFormat.readJsonSchema(nullHeader, false, hex("00 00000003")).schemaId()).isEqualTo(3);
	}

	@Test
	void guidInFrontOfTheValueIsReadAsConfluentsReadersDo() {
		SchemaFrame frame = ConfluentWireFormat.readProtobuf(hex("01" + GUID_HEX + "00 0801"));
		assertThat(frame.schemaGuid()).isEqualTo(GUID);
		assertThat(frame.fromHeader()).isFalse();
		assertThat(frame.payloadOffset()).isEqualTo(18);
	}

	@Test
	void valuesNotInTheWireFormatAreRefused() {
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(new byte[0]), "the value is empty");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 000000")), "has 4 bytes, fewer than the 5");
		assertInvalid(() -> ConfluentWireFormat.readJsonSchema(hex("00 0000")), "has 3 bytes, fewer than the 5");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("01 0f1e")), "fewer than the 17");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("0a 03616263")),
				"starts with byte 0x0a, not magic byte 0x00");
		assertInvalid(() -> ConfluentWireFormat.readJsonSchema(hex("7b 2261223a317d")), "starts with byte 0x7b");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("ff 00000001 00")), "starts with byte 0xff");
	}

	@Test
	void truncatedAndOverlongVarintsAreRefused() {
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001")),
				"message-index count at byte 5 is a truncated varint");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 80")),
				"message-index count at byte 5 is a truncated varint");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 04 02 80")),
				"message index at byte 7 is a truncated varint");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 ffffffffff01")),
				"longer than a 32-bit int");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 02 ffffffff7f")),
				"message index at byte 6 is a varint longer than a 32-bit int");
	}

	@Test
	void hugeAndNegativeCountsAreRefusedBeforeAnyAllocation() {
		// 2^31 as Kafka's 64-bit varint writer would write it: does not fit a 32-bit varint
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 8080808010")),
				"longer than a 32-bit int");
		// 2^30, and Integer.MAX_VALUE, as 32-bit zigzag varints
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 8080808008 00")),
				"announces 1073741824 message indexes, more than the 100");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 feffffff0f 00")),
				"announces 2147483647 message indexes");
		// -1 and Integer.MIN_VALUE
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 01 00")),
				"announces a negative number of message indexes (-1)");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 ffffffff0f 00")),
				"announces a negative number of message indexes (-2147483648)");
		// more indexes than bytes
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 0a 02")),
				"announces 5 message indexes, but only 1 bytes follow");
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 02")),
				"announces 1 message indexes, but only 0 bytes follow");
		// a negative index
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(hex("00 00000001 04 00 03")),
				"has a negative message index (-2)");
	}

	@Test
	void pathsDeeperThanTheLimitAreRefused() {
		byte[] deepest = new byte[5 + 2 + MessageIndexes.MAX_DEPTH];
		deepest[5] = (byte) 0xc8; // zigzag 100 = 200 = c8 01
		deepest[6] = 0x01;
		assertThat(ConfluentWireFormat.readProtobuf(deepest).messageIndexes().size())
			.isEqualTo(MessageIndexes.MAX_DEPTH);
		byte[] deeper = new byte[5 + 2 + MessageIndexes.MAX_DEPTH + 1];
		deeper[5] = (byte) 0xca;
		deeper[6] = 0x01;
		assertInvalid(() -> ConfluentWireFormat.readProtobuf(deeper), "announces 101 message indexes, more than");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> MessageIndexes.of(new int[MessageIndexes.MAX_DEPTH + 1]));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> MessageIndexes.of());
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> MessageIndexes.of(1, -1));
	}

	@Test
	void malformedHeadersAreRefused() {
		assertInvalid(() -> readValueHeader(hex("")), "the schema-id header is empty");
		assertInvalid(() -> readValueHeader(hex("01 0f1e2d")), "the schema-id header has 4 bytes, fewer than the 17");
		assertInvalid(() -> readValueHeader(hex("02" + GUID_HEX + "00")), "starts with byte 0x02");
		assertInvalid(() -> readValueHeader(hex("01" + GUID_HEX)),
				"message-index count in the schema-id header at byte 17 is a truncated varint");
		assertInvalid(() -> readValueHeader(hex("01" + GUID_HEX + "00 0801")),
				"the schema-id header has 2 bytes after its message-index path");
		assertInvalid(() -> readValueHeader(hex("01" + GUID_HEX + "8080808008 00")),
				"the schema-id header announces 1073741824 message indexes");
		RecordHeaders headers = new RecordHeaders();
		headers.add("__value_schema_id", hex("01" + GUID_HEX + "00"));
		assertInvalid(() -> ConfluentWireFormat.readJsonSchema(headers, false, hex("7b7d")),
				"the schema-id header has 1 bytes after its schema reference");
	}

	@Test
	void readingAllocatesNothingBeyondTheResult() {
		byte[] first = hex("00 00000001 00 0801");
		byte[] nested = hex("00 00000001 06 02 04 06 0801");
		RecordHeaders headers = new RecordHeaders();
		headers.add("__value_schema_id", hex("01" + GUID_HEX + "00"));
		byte[] bare = hex("0801");
		double firstBytes = SendAllocation.bytesPerCall(() -> this.last = ConfluentWireFormat.readProtobuf(first));
		double nestedBytes = SendAllocation.bytesPerCall(() -> this.last = ConfluentWireFormat.readProtobuf(nested));
		double headerBytes = SendAllocation
			.bytesPerCall(() -> this.last = ConfluentWireFormat.readProtobuf(headers, false, bare));
		// a SchemaFrame takes 40 bytes (with compressed references); [0] is shared
		assertThat(firstBytes).as("bytes per read of [0]").isLessThanOrEqualTo(48);
		// plus the path and its int[3]
		assertThat(nestedBytes).as("bytes per read of [1, 2, 3]").isLessThanOrEqualTo(48 + 16 + 32);
		// plus the GUID
		assertThat(headerBytes).as("bytes per read of a header").isLessThanOrEqualTo(48 + 32);
		assertThat(this.last).isNotNull();
	}

	@Test
	void theExceptionIsKafkasSerializationException() {
		assertThat(new InvalidFrameException("x")).isInstanceOf(SerializationException.class);
	}

	private static SchemaFrame readValueHeader(byte[] header) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("__value_schema_id", header);
		return ConfluentWireFormat.readProtobuf(headers, false, hex("0801"));
	}

	private static void assertInvalid(ThrowingCallable read, String message) {
		assertThatExceptionOfType(InvalidFrameException.class).isThrownBy(read)
			.withMessageStartingWith("Invalid schema frame: ")
			.withMessageContaining(message);
	}

	private static MessageIndexes indexesOf(String indexes) {
		MessageIndexes read = ConfluentWireFormat.readProtobuf(hex("00 00000001 " + indexes)).messageIndexes();
		assertThat(read).isNotNull();
		return read;
	}

	static byte[] hex(String bytes) {
		return HexFormat.of().parseHex(bytes.replace(" ", ""));
	}

}
