package dev.kafkautils.benchmarks.support;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.kafkautils.benchmarks.proto.BenchEvent;

/**
 * A fixed pool of distinct payloads of one size, built once from a seeded random source
 * so every variant and every run sends the same records: the protobuf messages, their
 * encoded bytes, the same events as Java records (for JSON) and the keys.
 *
 * @param size the target size of the protobuf encoding in bytes
 * @param messages the protobuf messages
 * @param bytes each message's encoding
 * @param json the same events as records, for the JSON variants
 * @param keys a key per message
 */
public record Payloads(int size, BenchEvent[] messages, byte[][] bytes, BenchJson[] json, String[] keys) {

	/** Pool size: a power of two, so {@code i & MASK} picks a payload. */
	public static final int POOL = 1024;

	public static final int MASK = POOL - 1;

	private static final String[] WORDS = { "priority", "express", "gift", "fragile", "bulk", "retail",
			"wholesale", "return", "exchange", "warehouse-north", "warehouse-south", "promo", "loyalty", "b2b",
			"subscription", "marketplace" };

	/**
	 * Build the pool.
	 * @param size target encoded size of each protobuf message (at least 80)
	 * @return the payloads
	 */
	public static Payloads of(int size) {
		SplittableRandom random = new SplittableRandom(42 + size);
		BenchEvent[] messages = new BenchEvent[POOL];
		byte[][] bytes = new byte[POOL][];
		BenchJson[] json = new BenchJson[POOL];
		String[] keys = new String[POOL];
		for (int i = 0; i < POOL; i++) {
			BenchEvent message = fill(BenchEvent.newBuilder()
				.setId(uuid(random))
				.setCreatedAt(1_790_000_000_000L + random.nextLong(1_000_000_000L))
				.setCustomer("customer-" + random.nextInt(100_000))
				.setQuantity(1 + random.nextInt(20))
				.setAmountCents(random.nextLong(1_000_000)), size, random);
			messages[i] = message;
			bytes[i] = message.toByteArray();
			json[i] = BenchJson.of(message);
			keys[i] = message.getCustomer();
		}
		return new Payloads(size, messages, bytes, json, keys);
	}

	/** Add tags until the encoding reaches the size; the last tag is cut to land on it exactly. */
	private static BenchEvent fill(BenchEvent.Builder builder, int size, SplittableRandom random) {
		while (true) {
			int missing = size - builder.build().getSerializedSize();
			// a tag costs its length plus two bytes (field key, length) while shorter than 128
			if (missing <= 2) {
				return builder.build();
			}
			String word = WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt(1000);
			builder.addTags((word.length() <= missing - 2) ? word : word.substring(0, missing - 2));
		}
	}

	private static String uuid(SplittableRandom random) {
		return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
	}

	/** Mean encoded size of the protobuf messages. */
	public double meanProtobufSize() {
		long total = 0;
		for (byte[] encoded : this.bytes) {
			total += encoded.length;
		}
		return (double) total / this.bytes.length;
	}

	/**
	 * The event as a plain Java record, written as JSON by the starter and by Jackson.
	 *
	 * @param id the event id
	 * @param createdAt epoch milliseconds
	 * @param customer the customer
	 * @param quantity the quantity
	 * @param amountCents the amount in minor units
	 * @param tags the tags
	 */
	public record BenchJson(String id, long createdAt, String customer, int quantity, long amountCents,
			List<String> tags) {

		static BenchJson of(BenchEvent message) {
			return new BenchJson(message.getId(), message.getCreatedAt(), message.getCustomer(),
					message.getQuantity(), message.getAmountCents(), new ArrayList<>(message.getTagsList()));
		}

	}

}
