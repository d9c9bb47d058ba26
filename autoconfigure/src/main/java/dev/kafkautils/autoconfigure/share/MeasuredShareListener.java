package dev.kafkautils.autoconfigure.share;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.ShareAcknowledgment;

/**
 * Runs a share container's listener on the consumer thread with the share group bound to
 * the thread (where the dead-letter naming and headers read it, as for ordinary
 * listeners) and reports each delivery's outcome and time to the
 * {@link ShareListenerMetrics}. Nothing is allocated per record.
 * <p>
 * In AUTO mode it is a plain listener, so that the container accepts records itself and
 * does not warn about an acknowledging listener; in MANUAL mode it hands the listener
 * its {@link ShareAcknowledgment}.
 */
class MeasuredShareListener<K, V> implements GenericMessageListener<ConsumerRecord<K, V>> {

	private final AcknowledgingShareConsumerAwareMessageListener<K, V> delegate;

	private final @Nullable String group;

	private final ShareListenerMetrics metrics;

	MeasuredShareListener(AcknowledgingShareConsumerAwareMessageListener<K, V> delegate, @Nullable String group,
			ShareListenerMetrics metrics) {
		this.delegate = delegate;
		this.group = group;
		this.metrics = metrics;
	}

	static <K, V> GenericMessageListener<ConsumerRecord<K, V>> of(
			AcknowledgingShareConsumerAwareMessageListener<K, V> delegate, @Nullable String group,
			ShareListenerMetrics metrics, boolean manual) {
		return manual ? new Acknowledging<>(delegate, group, metrics)
				: new MeasuredShareListener<>(delegate, group, metrics);
	}

	@Override
	public void onMessage(ConsumerRecord<K, V> record) {
		deliver(record, null, null);
	}

	void deliver(ConsumerRecord<K, V> record, @Nullable ShareAcknowledgment acknowledgment,
			@Nullable ShareConsumer<?, ?> consumer) {
		if (this.group != null) {
			KafkaUtils.setConsumerGroupId(this.group);
		}
		long start = System.nanoTime();
		try {
			this.delegate.onShareRecord(record, acknowledgment, consumer);
		}
		catch (RuntimeException | Error ex) {
			this.metrics.failed(record, this.group, System.nanoTime() - start);
			throw ex;
		}
		this.metrics.processed(record, this.group, System.nanoTime() - start);
	}

	/** MANUAL mode: the container passes the listener a {@link ShareAcknowledgment}. */
	static final class Acknowledging<K, V> extends MeasuredShareListener<K, V>
			implements AcknowledgingShareConsumerAwareMessageListener<K, V> {

		Acknowledging(AcknowledgingShareConsumerAwareMessageListener<K, V> delegate, @Nullable String group,
				ShareListenerMetrics metrics) {
			super(delegate, group, metrics);
		}

		@Override
		public void onShareRecord(ConsumerRecord<K, V> record, @Nullable ShareAcknowledgment acknowledgment,
				ShareConsumer<?, ?> consumer) {
			deliver(record, acknowledgment, consumer);
		}

		@Override
		public void onMessage(ConsumerRecord<K, V> record) {
			throw new UnsupportedOperationException("The share container calls onShareRecord");
		}

	}

}
