package dev.kafkautils.sample.orders;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.kafkautils.sample.proto.OrderCreated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code OrderCreated} records. The parameter arrives as a parsed protobuf
 * message because {@code kafka.utils.topics.orders.type} names the generated class.
 * <p>
 * Orders of the customer {@value #FLAKY_CUSTOMER} fail on their first delivery and
 * succeed on the retry, to show a retry in the metrics
 * ({@code kafka_utils_consumer_retries_total}).
 */
@Component
class OrderCreatedListener {

	/** Customer whose orders fail once, as if a downstream service had a hiccup. */
	static final String FLAKY_CUSTOMER = "flaky-customer";

	private static final Log logger = LogFactory.getLog(OrderCreatedListener.class);

	private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

	private final ProcessedOrders processedOrders;

	private final Counter consumed;

	OrderCreatedListener(ProcessedOrders processedOrders, MeterRegistry meterRegistry) {
		this.processedOrders = processedOrders;
		this.consumed = Counter.builder("orders.consumed")
			.description("OrderCreated records consumed")
			.register(meterRegistry);
	}

	@KafkaListener(topics = OrderTopics.ORDERS)
	void on(OrderCreated order, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition,
			@Header(KafkaHeaders.OFFSET) long offset) {
		if (FLAKY_CUSTOMER.equals(order.getCustomerId()) && this.failedOnce.add(order.getOrderId())) {
			throw new IllegalStateException("Simulated transient failure of order " + order.getOrderId());
		}
		logger.info("Order " + order.getOrderId() + " of customer " + order.getCustomerId() + " over "
				+ order.getAmountCents() + " cents " + order.getCurrency() + " consumed from partition " + partition
				+ " at offset " + offset);
		this.processedOrders.orderConsumed(new ProcessedOrder(order.getOrderId(), order.getCustomerId(),
				order.getAmountCents(), order.getCurrency(), partition, offset));
		this.consumed.increment();
	}

}
