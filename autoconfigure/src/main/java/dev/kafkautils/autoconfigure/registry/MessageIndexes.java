package dev.kafkautils.autoconfigure.registry;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The path of a protobuf message type within its schema file, as the Confluent wire
 * format carries it: the index of a top-level message among the file's messages, then
 * the index of each nested message among its parent's nested messages. Enums are not
 * counted; the map-entry messages that protobuf generates for map fields are (see
 * {@link ProtobufMessageIndexes}). The first message of a file is {@code [0]}.
 * <p>
 * On the wire the path is a count followed by the indexes, each a zigzag varint (the
 * encoding of Kafka's {@code ByteUtils.writeVarint}); {@code [0]} is written as the single
 * byte {@code 00} (a count of zero), as Confluent's serializers write it. Instances are
 * immutable; the paths of the first 32 top-level messages are shared constants, so
 * reading them allocates nothing.
 */
public final class MessageIndexes {

	/** The most indexes a path may have; deeper paths are refused as hostile. */
	public static final int MAX_DEPTH = 100;

	private static final MessageIndexes[] TOP_LEVEL = new MessageIndexes[32];

	static {
		for (int i = 0; i < TOP_LEVEL.length; i++) {
			TOP_LEVEL[i] = new MessageIndexes(new int[] { i });
		}
	}

	/** {@code [0]}: the first message of a file, by far the most common path. */
	public static final MessageIndexes FIRST = TOP_LEVEL[0];

	private final int[] indexes;

	private MessageIndexes(int[] indexes) {
		this.indexes = indexes;
	}

	/**
	 * A path of the given indexes.
	 * @param indexes the index at each level, outermost first
	 * @return the path
	 * @throws IllegalArgumentException when there are no indexes, more than
	 * {@link #MAX_DEPTH}, or a negative one
	 */
	public static MessageIndexes of(int... indexes) {
		if (indexes.length == 0 || indexes.length > MAX_DEPTH) {
			throw new IllegalArgumentException(
					"A message-index path has 1 to " + MAX_DEPTH + " indexes, not " + indexes.length);
		}
		for (int index : indexes) {
			if (index < 0) {
				throw new IllegalArgumentException(
						"A message-index path has no negative index: " + Arrays.toString(indexes));
			}
		}
		return ofTrusted(indexes.clone());
	}

	/** A path of checked indexes that no one else holds: shares the constants where it can. */
	static MessageIndexes ofTrusted(int[] indexes) {
		if (indexes.length == 1 && indexes[0] < TOP_LEVEL.length) {
			return TOP_LEVEL[indexes[0]];
		}
		return new MessageIndexes(indexes);
	}

	/** The path of one top-level index: a shared constant for the first 32. */
	static MessageIndexes topLevel(int index) {
		return (index < TOP_LEVEL.length) ? TOP_LEVEL[index] : new MessageIndexes(new int[] { index });
	}

	/**
	 * @return how many indexes the path has (its depth), at least 1
	 */
	public int size() {
		return this.indexes.length;
	}

	/**
	 * @param level 0 for the top-level index, 1 for the next, ...
	 * @return the index at that level
	 * @throws IndexOutOfBoundsException when the path has no such level
	 */
	public int get(int level) {
		return this.indexes[level];
	}

	/**
	 * @return whether this is {@code [0]}, the first message of its file
	 */
	public boolean isFirst() {
		return this.indexes.length == 1 && this.indexes[0] == 0;
	}

	/**
	 * @return the indexes, outermost first (a copy)
	 */
	public int[] toArray() {
		return this.indexes.clone();
	}

	/**
	 * @return how many bytes {@link #writeTo} writes
	 */
	public int encodedLength() {
		if (isFirst()) {
			return 1;
		}
		int length = Varints.zigzagLength(this.indexes.length);
		for (int index : this.indexes) {
			length += Varints.zigzagLength(index);
		}
		return length;
	}

	/**
	 * Writes the path as the Confluent wire format has it.
	 * @param target the array to write to
	 * @param offset where to start
	 * @return the position after the last byte written
	 * @throws ArrayIndexOutOfBoundsException when {@link #encodedLength()} bytes do not
	 * fit from {@code offset}
	 */
	public int writeTo(byte[] target, int offset) {
		if (isFirst()) {
			target[offset] = 0;
			return offset + 1;
		}
		int position = Varints.writeZigzag(this.indexes.length, target, offset);
		for (int index : this.indexes) {
			position = Varints.writeZigzag(index, target, position);
		}
		return position;
	}

	/**
	 * @return the path as the Confluent wire format has it
	 */
	public byte[] toByteArray() {
		byte[] bytes = new byte[encodedLength()];
		writeTo(bytes, 0);
		return bytes;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof MessageIndexes that) && Arrays.equals(this.indexes, that.indexes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.indexes);
	}

	@Override
	public String toString() {
		return Arrays.toString(this.indexes);
	}

}
