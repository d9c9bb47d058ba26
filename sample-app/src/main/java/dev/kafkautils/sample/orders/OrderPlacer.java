package dev.kafkautils.sample.orders;

import java.time.Instant;
import java.util.UUID;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.sample.proto.OrderCreated;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Service;

/**
 * Places orders: publishes {@code OrderCreated} and waits for the broker's
 * acknowledgement, so the caller learns the record's partition and offset, then
 * publishes the {@link OrderAudit} entry without waiting.
 */
@Service
public class OrderPlacer {

	private static final Log logger = LogFactory.getLog(OrderPlacer.class);

	private final KafkaUtilsTemplate template;

	public OrderPlacer(KafkaUtilsTemplate template) {
		this.template = template;
	}

	/**
	 * Place an order.
	 * @param request the order's content, already checked
	 * @return where the {@code OrderCreated} record was stored
	 * @throws dev.kafkautils.autoconfigure.producer.KafkaSendTimeoutException when the
	 * record was not sent or the broker did not acknowledge it in time
	 */
	public OrderAccepted place(OrderRequest request) {
		String orderId = UUID.randomUUID().toString();
		OrderCreated order = OrderCreated.newBuilder()
			.setOrderId(orderId)
			.setCustomerId(request.customerId())
			.setAmountCents(request.amountCents())
			.setCurrency(request.currency())
			.build();
		// keyed by order id, so every later event of the order lands in the same partition
		SendResult<String, Object> result = this.template.sendAndWait(OrderTopics.ORDERS, orderId, order);
		RecordMetadata stored = result.getRecordMetadata();
		OrderAudit audit = new OrderAudit(orderId, request.customerId(), OrderAudit.ACCEPTED, Instant.now());
		this.template.send(OrderTopics.ORDER_AUDIT, orderId, audit).whenComplete((sent, failure) -> {
			if (failure != null) {
				logger.warn("Audit entry of order " + orderId + " was not sent", failure);
			}
		});
		return new OrderAccepted(orderId, stored.topic(), stored.partition(), stored.offset());
	}

	/**
	 * Send bytes that do not parse as an {@code OrderCreated} to the orders topic. The
	 * template sends a {@code byte[]} as is; the listener side routes it to
	 * {@code dlq.orders}.
	 * @return where the record was stored
	 */
	public PoisonSent sendPoisonPill() {
		String key = "poison-" + UUID.randomUUID();
		byte[] garbage = { (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00 };
		RecordMetadata stored = this.template.sendAndWait(OrderTopics.ORDERS, key, garbage).getRecordMetadata();
		return new PoisonSent(key, stored.topic(), stored.partition(), stored.offset());
	}

}
