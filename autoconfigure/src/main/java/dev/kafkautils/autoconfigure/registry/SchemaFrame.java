package dev.kafkautils.autoconfigure.registry;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the schema frame of one record says, as {@link ConfluentWireFormat} reads it: the
 * schema, by its registry id (magic byte 0) or by its GUID (magic byte 1, what
 * Confluent's serializers 8.x write in the {@code __value_schema_id} /
 * {@code __key_schema_id} header), the message-index path for protobuf, and where the
 * message bytes are in the record's value. The message bytes are not copied: decode them
 * from the value at {@link #payloadOffset()} for {@link #payloadLength()} bytes (for
 * protobuf, {@code parser.parseFrom(value, offset, length)}).
 */
public final class SchemaFrame {

	private final int schemaId;

	private final @Nullable UUID schemaGuid;

	private final @Nullable MessageIndexes messageIndexes;

	private final boolean fromHeader;

	private final int payloadOffset;

	private final int payloadLength;

	SchemaFrame(int schemaId, @Nullable UUID schemaGuid, @Nullable MessageIndexes messageIndexes, boolean fromHeader,
			int payloadOffset, int payloadLength) {
		this.schemaId = schemaId;
		this.schemaGuid = schemaGuid;
		this.messageIndexes = messageIndexes;
		this.fromHeader = fromHeader;
		this.payloadOffset = payloadOffset;
		this.payloadLength = payloadLength;
	}

	/**
	 * @return whether the schema is named by its GUID rather than its id
	 */
	public boolean hasSchemaGuid() {
		return this.schemaGuid != null;
	}

	/**
	 * @return the schema's registry id
	 * @throws IllegalStateException when the frame names the schema by its GUID
	 */
	public int schemaId() {
		if (this.schemaGuid != null) {
			throw new IllegalStateException("The frame names its schema by GUID " + this.schemaGuid + ", not by id");
		}
		return this.schemaId;
	}

	/**
	 * @return the schema's GUID, or {@code null} when the frame names it by id
	 */
	public @Nullable UUID schemaGuid() {
		return this.schemaGuid;
	}

	/**
	 * @return the message-index path of a protobuf frame, or {@code null} for a JSON
	 * Schema frame, which has none
	 */
	public @Nullable MessageIndexes messageIndexes() {
		return this.messageIndexes;
	}

	/**
	 * @return whether the schema was named in the schema-id header rather than in front of
	 * the value
	 */
	public boolean fromHeader() {
		return this.fromHeader;
	}

	/**
	 * @return where the message bytes start in the record's value
	 */
	public int payloadOffset() {
		return this.payloadOffset;
	}

	/**
	 * @return how many message bytes there are (0 for a protobuf message with only
	 * default values)
	 */
	public int payloadLength() {
		return this.payloadLength;
	}

	@Override
	public String toString() {
		return "SchemaFrame[" + ((this.schemaGuid != null) ? "guid=" + this.schemaGuid : "id=" + this.schemaId)
				+ ((this.messageIndexes != null) ? ", indexes=" + this.messageIndexes : "")
				+ (this.fromHeader ? ", in header" : "") + ", payload=" + this.payloadOffset + "+"
				+ this.payloadLength + "]";
	}

}
