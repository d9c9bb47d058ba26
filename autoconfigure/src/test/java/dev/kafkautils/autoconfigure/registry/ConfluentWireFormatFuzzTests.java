package dev.kafkautils.autoconfigure.registry;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import com.google.protobuf.Descriptors.FileDescriptor;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile frames, from a seeded generator (the same cases on every run): valid frames in
 * the four forms (protobuf or JSON Schema, in front of the value or in the header), then
 * truncated, bit-flipped, overwritten with huge or negative counts, spliced with random
 * bytes, or replaced by noise. Every one must either read as a frame that fits its bytes,
 * or fail with an {@link InvalidFrameException}: never another exception, never an
 * {@code OutOfMemoryError}, and each case fast and small in what it allocates. Frames
 * left intact must read back exactly as written. The message-index paths that are read
 * are resolved against a real schema file, which must answer a type or an
 * {@link InvalidFrameException} too.
 */
class ConfluentWireFormatFuzzTests {

	private static final int CASES = 120_000;

	/**
	 * Cases run before the slowest case and the largest allocation are tracked: the first
	 * failure at each place links its string concatenation and loads classes, which
	 * allocates far more than reading does.
	 */
	private static final int WARM_UP = 20_000;

	private static final long SEED = 0x5eed_0013L;

	/** Varints a hostile frame may announce as a count or an index. */
	private static final byte[][] HOSTILE_VARINTS = { hex("8080808008"), // 2^30
			hex("feffffff0f"), // Integer.MAX_VALUE
			hex("ffffffff0f"), // Integer.MIN_VALUE
			hex("8080808010"), // 2^31, as a 64-bit varint writer writes it
			hex("ffffffffffffffffff01"), // a 64-bit varint
			hex("01"), // -1
			hex("c801"), // 100, the deepest path allowed
			hex("ca01"), // 101
			hex("80"), // truncated
			hex("ff") };

	private static final FileDescriptor FILE = FramingTestMessages.getDescriptor();

	private static final Form[] FORMS = Form.values();

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	@Test
	void everyMutatedFrameReadsOrFailsWithInvalidFrameException() {
		Random random = new Random(SEED);
		int read = 0;
		int refused = 0;
		int intact = 0;
		int resolved = 0;
		long slowestNanos = 0;
		long mostAllocated = 0;
		long started = System.nanoTime();
		for (int i = 0; i < WARM_UP + CASES; i++) {
			Form form = FORMS[i % FORMS.length];
			Written written = written(form, random);
			byte[] frame = written.frame;
			boolean mutated = random.nextInt(10) != 0;
			if (mutated) {
				frame = mutate(frame, random);
			}
			byte[] value = form.inHeader ? written.payload : frame;
			RecordHeaders headers = new RecordHeaders();
			if (form.inHeader) {
				headers.add(ConfluentWireFormat.VALUE_SCHEMA_ID_HEADER, frame);
			}
			SchemaFrame result = null;
			InvalidFrameException refusal = null;
			long allocatedBefore = this.threads.getCurrentThreadAllocatedBytes();
			long before = System.nanoTime();
			try {
				result = form.read(headers, value);
			}
			catch (InvalidFrameException ex) {
				refusal = ex;
			}
			catch (Throwable ex) {
				throw new AssertionError(form + " frame " + hex(frame) + " raised " + ex, ex);
			}
			long nanos = System.nanoTime() - before;
			long allocated = this.threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
			if (i >= WARM_UP) {
				slowestNanos = Math.max(slowestNanos, nanos);
				mostAllocated = Math.max(mostAllocated, allocated);
			}
			if (refusal != null) {
				if (!mutated) {
					throw new AssertionError("intact " + form + " frame " + hex(frame) + " refused", refusal);
				}
				assertThat(refusal.getMessage()).startsWith("Invalid schema frame: ");
				refused++;
				continue;
			}
			checkFits(result, form, value);
			if (!mutated) {
				checkIntact(result, written);
				intact++;
			}
			MessageIndexes indexes = result.messageIndexes();
			if (indexes != null && resolves(indexes, frame)) {
				resolved++;
			}
			read++;
		}
		long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
		assertThat(read + refused).isEqualTo(WARM_UP + CASES);
		// both outcomes are well exercised, and so is resolution
		assertThat(refused).as("refused").isGreaterThan(CASES / 10);
		assertThat(read).as("read").isGreaterThan(CASES / 10);
		assertThat(intact).as("intact").isGreaterThan(CASES / 20);
		assertThat(resolved).as("resolved").isGreaterThan(CASES / 100);
		// generous bounds for a shared 2-core machine; a frame that allocated or looped by
		// an announced count (up to 2^31) would miss them by orders of magnitude
		assertThat(slowestNanos / 1_000_000).as("slowest case, ms").isLessThan(1_000);
		assertThat(mostAllocated).as("most bytes one case allocated").isLessThan(64 * 1024);
		assertThat(elapsedMillis).as("all cases, ms").isLessThan(60_000);
	}

	/** The message type of a path, or an {@link InvalidFrameException}: nothing else. */
	private static boolean resolves(MessageIndexes indexes, byte[] frame) {
		try {
			ProtobufMessageIndexes.resolve(FILE, indexes);
			return true;
		}
		catch (InvalidFrameException ex) {
			assertThat(ex.getMessage()).startsWith("Invalid schema frame: ");
			return false;
		}
		catch (Throwable ex) {
			throw new AssertionError("path " + indexes + " of frame " + hex(frame) + " raised " + ex, ex);
		}
	}

	private static void checkFits(SchemaFrame result, Form form, byte[] value) {
		assertThat(result.fromHeader()).isEqualTo(form.inHeader);
		if (form.inHeader) {
			assertThat(result.payloadOffset()).isZero();
		}
		else {
			assertThat(result.payloadOffset()).isGreaterThanOrEqualTo(5);
		}
		assertThat(result.payloadLength()).isGreaterThanOrEqualTo(0);
		assertThat(result.payloadOffset() + result.payloadLength()).isEqualTo(value.length);
		MessageIndexes indexes = result.messageIndexes();
		if (form.protobuf) {
			assertThat(indexes).isNotNull();
			assertThat(indexes.size()).isBetween(1, MessageIndexes.MAX_DEPTH);
			for (int level = 0; level < indexes.size(); level++) {
				assertThat(indexes.get(level)).isNotNegative();
			}
		}
		else {
			assertThat(indexes).isNull();
		}
	}

	private static void checkIntact(SchemaFrame result, Written written) {
		if (written.guid != null) {
			assertThat(result.schemaGuid()).isEqualTo(written.guid);
		}
		else {
			assertThat(result.schemaId()).isEqualTo(written.schemaId);
		}
		assertThat(result.messageIndexes()).isEqualTo(written.indexes);
		assertThat(result.payloadLength()).isEqualTo(written.payload.length);
	}

	/** A valid frame of the form, by the writer's own methods or (for the long form of [0]) by hand. */
	private static Written written(Form form, Random random) {
		int schemaId = random.nextBoolean() ? random.nextInt(10_000) : random.nextInt();
		MessageIndexes indexes = form.protobuf ? indexes(random) : null;
		byte[] payload = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(40)];
		random.nextBytes(payload);
		if (form.inHeader) {
			UUID guid = new UUID(random.nextLong(), random.nextLong());
			byte[] header = (indexes != null) ? ConfluentWireFormat.protobufHeader(guid, indexes)
					: ConfluentWireFormat.jsonSchemaHeader(guid);
			return new Written(header, payload, 0, guid, indexes);
		}
		byte[] prefix = (indexes != null) ? ConfluentWireFormat.protobufPrefix(schemaId, indexes)
				: ConfluentWireFormat.jsonSchemaPrefix(schemaId);
		if (MessageIndexes.FIRST.equals(indexes) && random.nextBoolean()) {
			// [0] as 02 00, which readers must accept too
			prefix = Arrays.copyOf(prefix, prefix.length + 1);
			prefix[5] = 0x02;
			prefix[6] = 0x00;
		}
		return new Written(ConfluentWireFormat.frame(prefix, payload), payload, schemaId, null, indexes);
	}

	private static MessageIndexes indexes(Random random) {
		int kind = random.nextInt(10);
		if (kind < 3) {
			return MessageIndexes.FIRST;
		}
		int depth = (kind == 9) ? 1 + random.nextInt(MessageIndexes.MAX_DEPTH) : 1 + random.nextInt(4);
		int[] path = new int[depth];
		for (int i = 0; i < depth; i++) {
			int size = random.nextInt(4);
			path[i] = (size == 0) ? random.nextInt(Integer.MAX_VALUE) : random.nextInt((size == 1) ? 300 : 3);
		}
		return MessageIndexes.of(path);
	}

	private static byte[] mutate(byte[] frame, Random random) {
		byte[] mutated = frame;
		int mutations = 1 + random.nextInt(3);
		for (int m = 0; m < mutations; m++) {
			switch (random.nextInt(8)) {
				case 0 -> mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
				case 1 -> {
					if (mutated.length > 0) {
						mutated = mutated.clone();
						mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
					}
				}
				case 2 -> mutated = splice(mutated, random, HOSTILE_VARINTS[random.nextInt(HOSTILE_VARINTS.length)],
						true);
				case 3 -> mutated = splice(mutated, random, HOSTILE_VARINTS[random.nextInt(HOSTILE_VARINTS.length)],
						false);
				case 4 -> {
					byte[] noise = new byte[1 + random.nextInt(8)];
					random.nextBytes(noise);
					mutated = splice(mutated, random, noise, random.nextBoolean());
				}
				case 5 -> {
					// a hostile count right where the count is
					byte[] count = HOSTILE_VARINTS[random.nextInt(HOSTILE_VARINTS.length)];
					int at = (mutated.length > 0 && mutated[0] == 1) ? 17 : 5;
					if (mutated.length >= at) {
						byte[] spliced = Arrays.copyOf(mutated, Math.max(mutated.length, at + count.length));
						System.arraycopy(count, 0, spliced, at, count.length);
						mutated = spliced;
					}
				}
				case 6 -> {
					if (mutated.length > 0) {
						mutated = mutated.clone();
						mutated[0] = (byte) random.nextInt(4);
					}
				}
				default -> {
					mutated = new byte[random.nextInt(30)];
					random.nextBytes(mutated);
				}
			}
		}
		return mutated;
	}

	/** The bytes inserted at, or written over, a random position. */
	private static byte[] splice(byte[] frame, Random random, byte[] bytes, boolean insert) {
		int at = random.nextInt(frame.length + 1);
		if (insert) {
			byte[] spliced = new byte[frame.length + bytes.length];
			System.arraycopy(frame, 0, spliced, 0, at);
			System.arraycopy(bytes, 0, spliced, at, bytes.length);
			System.arraycopy(frame, at, spliced, at + bytes.length, frame.length - at);
			return spliced;
		}
		byte[] spliced = Arrays.copyOf(frame, Math.max(frame.length, at + bytes.length));
		System.arraycopy(bytes, 0, spliced, at, bytes.length);
		return spliced;
	}

	private static byte[] hex(String bytes) {
		return HexFormat.of().parseHex(bytes);
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	private enum Form {

		PROTOBUF_PREFIX(true, false), JSON_SCHEMA_PREFIX(false, false), PROTOBUF_HEADER(true, true),
		JSON_SCHEMA_HEADER(false, true);

		final boolean protobuf;

		final boolean inHeader;

		Form(boolean protobuf, boolean inHeader) {
			this.protobuf = protobuf;
			this.inHeader = inHeader;
		}

		SchemaFrame read(RecordHeaders headers, byte[] value) {
			if (this.protobuf) {
				return this.inHeader ? ConfluentWireFormat.readProtobuf(headers, false, value)
						: ConfluentWireFormat.readProtobuf(value);
			}
			return this.inHeader ? ConfluentWireFormat.readJsonSchema(headers, false, value)
					: ConfluentWireFormat.readJsonSchema(value);
		}

	}

	private record Written(byte[] frame, byte[] payload, int schemaId, @Nullable UUID guid,
			@Nullable MessageIndexes indexes) {
	}

}
