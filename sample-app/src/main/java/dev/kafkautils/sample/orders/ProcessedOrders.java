package dev.kafkautils.sample.orders;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What the listeners have consumed, by order id. Kept in memory only: enough to show
 * that a record made the round trip, not a store.
 */
@Component
public class ProcessedOrders {

	private final Map<String, ProcessedOrder> orders = new ConcurrentHashMap<>();

	private final Map<String, OrderAudit> audits = new ConcurrentHashMap<>();

	void orderConsumed(ProcessedOrder order) {
		this.orders.put(order.orderId(), order);
	}

	void auditConsumed(OrderAudit audit) {
		this.audits.put(audit.orderId(), audit);
	}

	/**
	 * @param orderId the order's id
	 * @return the order's status, empty until its {@code OrderCreated} record was consumed
	 */
	public Optional<OrderStatus> find(String orderId) {
		ProcessedOrder order = this.orders.get(orderId);
		return (order != null) ? Optional.of(new OrderStatus(order, this.audits.get(orderId))) : Optional.empty();
	}

}
