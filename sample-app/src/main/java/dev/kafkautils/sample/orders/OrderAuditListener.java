package dev.kafkautils.sample.orders;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link OrderAudit} entries, read from JSON because
 * {@code kafka.utils.topics.order-audit.type} names the record class.
 */
@Component
class OrderAuditListener {

	private static final Log logger = LogFactory.getLog(OrderAuditListener.class);

	private final ProcessedOrders processedOrders;

	OrderAuditListener(ProcessedOrders processedOrders) {
		this.processedOrders = processedOrders;
	}

	@KafkaListener(topics = OrderTopics.ORDER_AUDIT)
	void on(OrderAudit audit) {
		logger.info("Audit: order " + audit.orderId() + " " + audit.action() + " at " + audit.at());
		this.processedOrders.auditConsumed(audit);
	}

}
