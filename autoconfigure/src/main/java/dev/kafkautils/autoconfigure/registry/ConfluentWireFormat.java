package dev.kafkautils.autoconfigure.registry;

import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The Confluent wire format, which every Confluent-compatible serializer writes and every
 * Confluent-compatible registry client reads:
 * <ul>
 * <li><b>In front of the value</b> (what every Confluent serializer writes by default):
 * magic byte {@code 0}, the schema id as a 4-byte big-endian int, for protobuf the
 * {@linkplain MessageIndexes message-index path}, then the message bytes. JSON Schema
 * (and Avro) frames have no path. {@code 00 00000001 06 02 04 06} is schema 1, path
 * {@code [1, 2, 3]}, an empty message.</li>
 * <li><b>In a header</b> (what Confluent's serializers 8.x write when configured to):
 * the value is the bare message, and the {@value #VALUE_SCHEMA_ID_HEADER} (or
 * {@value #KEY_SCHEMA_ID_HEADER}) header holds magic byte {@code 1}, the schema's GUID
 * as 16 bytes (most significant first), then for protobuf the path. A header value with
 * magic byte {@code 0} and an id is read too, and so is a GUID in front of the value, as
 * Confluent's readers accept both. When the header is present it wins over the value,
 * again as in Confluent's readers.</li>
 * </ul>
 * Reading treats every record as hostile. Anything that is not a well-formed frame raises
 * an {@link InvalidFrameException} (and nothing else: no
 * {@code IndexOutOfBoundsException}, no {@code OutOfMemoryError}): a wrong magic byte, a
 * frame too short for its id, a truncated or over-long varint, a negative count or index,
 * a count larger than {@link MessageIndexes#MAX_DEPTH} or than the bytes that follow
 * could hold, or bytes after the path in a header. No length read from a record is
 * allocated before it is checked against the bytes that are actually there. Reading
 * allocates only the {@link SchemaFrame} it returns, plus the path when it is not one of
 * the shared top-level paths ({@code [0]} to {@code [31]}), and the GUID of a header
 * frame; the message bytes are never copied.
 * <p>
 * Writing builds the frame prefix (or header value) once per schema and message type;
 * the caller caches it and puts it in front of each record's message bytes.
 */
public final class ConfluentWireFormat {

	/** The magic byte of a frame that names its schema by id. */
	public static final byte MAGIC_BYTE = 0x0;

	/** The magic byte of a frame that names its schema by GUID. */
	public static final byte GUID_MAGIC_BYTE = 0x1;

	/** The header that names the schema of a record's value, instead of a prefix. */
	public static final String VALUE_SCHEMA_ID_HEADER = "__value_schema_id";

	/** The header that names the schema of a record's key, instead of a prefix. */
	public static final String KEY_SCHEMA_ID_HEADER = "__key_schema_id";

	private static final int ID_FRAME_LENGTH = 1 + 4;

	private static final int GUID_FRAME_LENGTH = 1 + 16;

	private static final String COUNT = "message-index count";

	private static final String COUNT_IN_HEADER = "message-index count in the schema-id header";

	private static final String INDEX = "message index";

	private static final String INDEX_IN_HEADER = "message index in the schema-id header";

	private ConfluentWireFormat() {
	}

	/**
	 * Reads the frame in front of a protobuf value.
	 * @param value the record's value
	 * @return the frame, with the message bytes' place in {@code value}
	 * @throws InvalidFrameException when {@code value} does not start with a well-formed
	 * frame
	 */
	public static SchemaFrame readProtobuf(byte[] value) {
		return read(value, true, false, 0);
	}

	/**
	 * Reads the frame of a protobuf key or value: from the schema-id header when the
	 * record has one, else from in front of the bytes.
	 * @param headers the record's headers, or {@code null} when there are none
	 * @param isKey whether {@code data} is the key (read {@value #KEY_SCHEMA_ID_HEADER})
	 * @param data the record's key or value
	 * @return the frame, with the message bytes' place in {@code data}
	 * @throws InvalidFrameException when the header, or (without one) {@code data}, is
	 * not a well-formed frame
	 */
	public static SchemaFrame readProtobuf(@Nullable Headers headers, boolean isKey, byte[] data) {
		byte[] header = headerValue(headers, isKey);
		return (header != null) ? read(header, true, true, data.length) : read(data, true, false, 0);
	}

	/**
	 * Reads the frame in front of a JSON Schema value: magic byte and schema id, no path.
	 * @param value the record's value
	 * @return the frame, with the JSON bytes' place in {@code value}
	 * @throws InvalidFrameException when {@code value} does not start with a well-formed
	 * frame
	 */
	public static SchemaFrame readJsonSchema(byte[] value) {
		return read(value, false, false, 0);
	}

	/**
	 * Reads the frame of a JSON Schema key or value: from the schema-id header when the
	 * record has one, else from in front of the bytes.
	 * @param headers the record's headers, or {@code null} when there are none
	 * @param isKey whether {@code data} is the key (read {@value #KEY_SCHEMA_ID_HEADER})
	 * @param data the record's key or value
	 * @return the frame, with the JSON bytes' place in {@code data}
	 * @throws InvalidFrameException when the header, or (without one) {@code data}, is
	 * not a well-formed frame
	 */
	public static SchemaFrame readJsonSchema(@Nullable Headers headers, boolean isKey, byte[] data) {
		byte[] header = headerValue(headers, isKey);
		return (header != null) ? read(header, false, true, data.length) : read(data, false, false, 0);
	}

	/**
	 * The prefix of a protobuf value: magic byte 0, the id, the path.
	 * @param schemaId the registered schema's id
	 * @param indexes the message type's path in the schema file
	 * @return the bytes to put in front of the message bytes
	 */
	public static byte[] protobufPrefix(int schemaId, MessageIndexes indexes) {
		byte[] prefix = new byte[ID_FRAME_LENGTH + indexes.encodedLength()];
		writeId(schemaId, prefix);
		indexes.writeTo(prefix, ID_FRAME_LENGTH);
		return prefix;
	}

	/**
	 * The prefix of a JSON Schema value: magic byte 0 and the id.
	 * @param schemaId the registered schema's id
	 * @return the bytes to put in front of the JSON bytes
	 */
	public static byte[] jsonSchemaPrefix(int schemaId) {
		byte[] prefix = new byte[ID_FRAME_LENGTH];
		writeId(schemaId, prefix);
		return prefix;
	}

	/**
	 * The schema-id header value for a protobuf record: magic byte 1, the GUID, the path.
	 * @param schemaGuid the registered schema's GUID
	 * @param indexes the message type's path in the schema file
	 * @return the header value (see {@link #setHeader})
	 */
	public static byte[] protobufHeader(UUID schemaGuid, MessageIndexes indexes) {
		byte[] header = new byte[GUID_FRAME_LENGTH + indexes.encodedLength()];
		writeGuid(schemaGuid, header);
		indexes.writeTo(header, GUID_FRAME_LENGTH);
		return header;
	}

	/**
	 * The schema-id header value for a JSON Schema record: magic byte 1 and the GUID.
	 * @param schemaGuid the registered schema's GUID
	 * @return the header value (see {@link #setHeader})
	 */
	public static byte[] jsonSchemaHeader(UUID schemaGuid) {
		byte[] header = new byte[GUID_FRAME_LENGTH];
		writeGuid(schemaGuid, header);
		return header;
	}

	/**
	 * @param isKey whether the header is for the key
	 * @return {@value #KEY_SCHEMA_ID_HEADER} for a key, {@value #VALUE_SCHEMA_ID_HEADER}
	 * for a value
	 */
	public static String headerName(boolean isKey) {
		return isKey ? KEY_SCHEMA_ID_HEADER : VALUE_SCHEMA_ID_HEADER;
	}

	/**
	 * Sets the schema-id header of a record, replacing any it had (a record copied from
	 * another topic keeps no stale schema).
	 * @param headers the record's headers
	 * @param isKey whether the header is for the key
	 * @param headerValue from {@link #protobufHeader} or {@link #jsonSchemaHeader}
	 */
	public static void setHeader(Headers headers, boolean isKey, byte[] headerValue) {
		String name = headerName(isKey);
		headers.remove(name);
		headers.add(name, headerValue);
	}

	/**
	 * A framed value: the prefix, then the message bytes.
	 * @param prefix from {@link #protobufPrefix} or {@link #jsonSchemaPrefix}
	 * @param payload the message bytes
	 * @return the value to send
	 */
	public static byte[] frame(byte[] prefix, byte[] payload) {
		byte[] value = new byte[prefix.length + payload.length];
		System.arraycopy(prefix, 0, value, 0, prefix.length);
		System.arraycopy(payload, 0, value, prefix.length, payload.length);
		return value;
	}

	private static byte @Nullable [] headerValue(@Nullable Headers headers, boolean isKey) {
		if (headers == null) {
			return null;
		}
		Header header = headers.lastHeader(headerName(isKey));
		return (header != null) ? header.value() : null;
	}

	/**
	 * Reads a frame in front of a value ({@code inHeader} false: the message bytes follow
	 * the frame) or a header's frame ({@code inHeader} true: the header holds nothing
	 * else, and the message bytes are the whole value of {@code valueLength} bytes). One
	 * method, so that the read position needs no holder object.
	 */
	private static SchemaFrame read(byte[] frame, boolean protobuf, boolean inHeader, int valueLength) {
		int end = frame.length;
		if (end == 0) {
			throw invalid(inHeader, "is empty: it has no magic byte");
		}
		byte magic = frame[0];
		int schemaId = 0;
		@Nullable UUID schemaGuid = null;
		int position;
		if (magic == MAGIC_BYTE) {
			if (end < ID_FRAME_LENGTH) {
				throw invalid(inHeader, "has " + end + " bytes, fewer than the " + ID_FRAME_LENGTH
						+ " of magic byte 0 and a 4-byte schema id");
			}
			schemaId = readInt(frame, 1);
			position = ID_FRAME_LENGTH;
		}
		else if (magic == GUID_MAGIC_BYTE) {
			if (end < GUID_FRAME_LENGTH) {
				throw invalid(inHeader, "has " + end + " bytes, fewer than the " + GUID_FRAME_LENGTH
						+ " of magic byte 1 and a 16-byte schema GUID");
			}
			schemaGuid = new UUID(readLong(frame, 1), readLong(frame, 9));
			position = GUID_FRAME_LENGTH;
		}
		else {
			String hex = Integer.toHexString((magic & 0xFF) | 0x100).substring(1);
			throw invalid(inHeader, "starts with byte 0x" + hex + ", not magic byte 0x00 (schema id) or 0x01"
					+ " (schema GUID): it is not in the Confluent wire format");
		}
		@Nullable MessageIndexes indexes = null;
		if (protobuf) {
			long read = Varints.readZigzag(frame, position, end, inHeader ? COUNT_IN_HEADER : COUNT);
			position = Varints.position(read);
			int count = Varints.value(read);
			if (count == 0) {
				indexes = MessageIndexes.FIRST;
			}
			else {
				int left = end - position;
				if (count < 0) {
					throw invalid(inHeader, "announces a negative number of message indexes (" + count + ")");
				}
				if (count > MessageIndexes.MAX_DEPTH) {
					throw invalid(inHeader, "announces " + count + " message indexes, more than the "
							+ MessageIndexes.MAX_DEPTH + " a message-index path may have");
				}
				if (count > left) {
					throw invalid(inHeader, "announces " + count + " message indexes, but only " + left
							+ " bytes follow (each index takes at least one)");
				}
				if (count == 1) {
					read = Varints.readZigzag(frame, position, end, inHeader ? INDEX_IN_HEADER : INDEX);
					position = Varints.position(read);
					indexes = MessageIndexes.topLevel(checkIndex(Varints.value(read), inHeader));
				}
				else {
					int[] path = new int[count];
					for (int i = 0; i < count; i++) {
						read = Varints.readZigzag(frame, position, end, inHeader ? INDEX_IN_HEADER : INDEX);
						position = Varints.position(read);
						path[i] = checkIndex(Varints.value(read), inHeader);
					}
					indexes = MessageIndexes.ofTrusted(path);
				}
			}
		}
		if (inHeader) {
			if (position != end) {
				throw invalid(true, "has " + (end - position) + " bytes after its "
						+ (protobuf ? "message-index path" : "schema reference") + ", which are not part of a frame");
			}
			return new SchemaFrame(schemaId, schemaGuid, indexes, true, 0, valueLength);
		}
		return new SchemaFrame(schemaId, schemaGuid, indexes, false, position, end - position);
	}

	private static int checkIndex(int index, boolean inHeader) {
		if (index < 0) {
			throw invalid(inHeader, "has a negative message index (" + index + ")");
		}
		return index;
	}

	private static InvalidFrameException invalid(boolean inHeader, String problem) {
		return new InvalidFrameException(
				"Invalid schema frame: the " + (inHeader ? "schema-id header" : "value") + " " + problem);
	}

	private static int readInt(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) | ((bytes[offset + 2] & 0xFF) << 8)
				| (bytes[offset + 3] & 0xFF);
	}

	private static long readLong(byte[] bytes, int offset) {
		return ((readInt(bytes, offset) & 0xFFFFFFFFL) << 32) | (readInt(bytes, offset + 4) & 0xFFFFFFFFL);
	}

	private static void writeId(int schemaId, byte[] target) {
		target[0] = MAGIC_BYTE;
		target[1] = (byte) (schemaId >>> 24);
		target[2] = (byte) (schemaId >>> 16);
		target[3] = (byte) (schemaId >>> 8);
		target[4] = (byte) schemaId;
	}

	private static void writeGuid(UUID guid, byte[] target) {
		target[0] = GUID_MAGIC_BYTE;
		long most = guid.getMostSignificantBits();
		long least = guid.getLeastSignificantBits();
		for (int i = 0; i < 8; i++) {
			target[1 + i] = (byte) (most >>> (56 - 8 * i));
			target[9 + i] = (byte) (least >>> (56 - 8 * i));
		}
	}

}
