package dev.kafkautils.autoconfigure.registry;

/**
 * Zigzag varints of 32-bit ints, as Kafka's {@code ByteUtils.writeVarint} writes them
 * and the Confluent wire format uses them for message indexes. Reading treats the bytes
 * as hostile: a varint that runs past its end or past five bytes, or whose fifth byte
 * holds more than the four bits an int has left, is an {@link InvalidFrameException}.
 */
final class Varints {

	/** The most bytes a 32-bit varint takes. */
	static final int MAX_LENGTH = 5;

	private Varints() {
	}

	/** How many bytes the zigzag varint of {@code value} takes. */
	static int zigzagLength(int value) {
		int raw = (value << 1) ^ (value >> 31);
		int length = 1;
		while ((raw & 0xFFFFFF80) != 0) {
			raw >>>= 7;
			length++;
		}
		return length;
	}

	/** Writes the zigzag varint of {@code value} and returns the position after it. */
	static int writeZigzag(int value, byte[] target, int offset) {
		int raw = (value << 1) ^ (value >> 31);
		int position = offset;
		while ((raw & 0xFFFFFF80) != 0) {
			target[position++] = (byte) ((raw & 0x7F) | 0x80);
			raw >>>= 7;
		}
		target[position++] = (byte) raw;
		return position;
	}

	/**
	 * Reads a zigzag varint without allocating.
	 * @param bytes the bytes
	 * @param offset where the varint starts
	 * @param end where the readable bytes end (exclusive)
	 * @param what what the varint is, for the message of a failure
	 * @return the position after the varint in the high 32 bits, the decoded value in
	 * the low 32 bits (see {@link #position} and {@link #value})
	 * @throws InvalidFrameException when the varint is truncated or too long
	 */
	static long readZigzag(byte[] bytes, int offset, int end, String what) {
		int raw = 0;
		int position = offset;
		for (int shift = 0;; shift += 7) {
			if (position >= end) {
				throw new InvalidFrameException("Invalid schema frame: the " + what + " at byte " + offset
						+ " is a truncated varint (the frame ends at byte " + end + ")");
			}
			int b = bytes[position++];
			if (shift == 28) {
				// the fifth byte holds the top four bits and must end the varint
				if ((b & 0xF0) != 0) {
					throw new InvalidFrameException("Invalid schema frame: the " + what + " at byte " + offset
							+ " is a varint longer than a 32-bit int (" + MAX_LENGTH + " bytes)");
				}
				raw |= b << 28;
				break;
			}
			raw |= (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				break;
			}
		}
		int value = (raw >>> 1) ^ -(raw & 1);
		return ((long) position << 32) | (value & 0xFFFFFFFFL);
	}

	/** The position part of what {@link #readZigzag} returns. */
	static int position(long read) {
		return (int) (read >>> 32);
	}

	/** The value part of what {@link #readZigzag} returns. */
	static int value(long read) {
		return (int) read;
	}

}
