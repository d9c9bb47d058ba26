package dev.kafkautils.autoconfigure.errors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.RetryListener;

/**
 * Remembers, per consumer thread, the delivery attempt of the record that just failed.
 * The error handler reports every failed attempt here right before it backs off or
 * recovers, on the thread that then runs the recoverer, so the recoverer can read the
 * attempt count without a header on every record.
 */
final class DeliveryAttempts implements RetryListener {

	private final ThreadLocal<int[]> lastAttempt = ThreadLocal.withInitial(() -> new int[1]);

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
		this.lastAttempt.get()[0] = deliveryAttempt;
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
		// without retries the tracker recovers without reporting a failed delivery first
		this.lastAttempt.get()[0] = 0;
	}

	/**
	 * @return the attempt count of the record failing on this thread, at least 1
	 */
	int current() {
		return Math.max(1, this.lastAttempt.get()[0]);
	}

}
