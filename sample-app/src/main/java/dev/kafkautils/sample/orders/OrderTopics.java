package dev.kafkautils.sample.orders;

/**
 * Logical names of the sample's topics. Their physical names, payload types and tiers
 * live in {@code application.yml} under {@code kafka.utils.topics}; kafka-utils creates
 * them, and their dead-letter topics, at start-up.
 */
public final class OrderTopics {

	/** Logical name of the topic of {@code OrderCreated} records (protobuf). */
	public static final String ORDERS = "orders";

	/** Logical name of the topic of {@link OrderAudit} records (JSON). */
	public static final String ORDER_AUDIT = "order-audit";

	private OrderTopics() {
	}

}
