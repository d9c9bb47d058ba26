package dev.kafkautils.autoconfigure.metrics;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.errors.FailedRecord;
import dev.kafkautils.autoconfigure.errors.FailedRecordListener;
import dev.kafkautils.autoconfigure.errors.FailureCause;
import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics.ConsumerMeters;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Consumer-side meters, fed by two views of one per-thread state: a
 * {@link RecordInterceptor} that times the listener and counts records it processed,
 * and a {@link RetryListener} on the error handler that counts retries; plus a
 * {@link FailedRecordListener} that counts what kafka-utils' recoverers dead-letter (and
 * in retry-topic mode, move to retry topics). The consumer group comes from the
 * container's thread.
 * <p>
 * The error handler reports every failed delivery, including the last one before it
 * gives up; only then does it decide. So a failed delivery is remembered and counted as
 * a retry when the next delivery starts on that thread, and forgotten when the record is
 * recovered instead. (The state outlives a poll cycle on purpose: the container clears
 * thread state after every poll, and the retry comes in a later one.)
 */
final class ListenerMetrics {

	private final KafkaUtilsMetrics metrics;

	private final ThreadLocal<Delivery> deliveries = ThreadLocal.withInitial(Delivery::new);

	ListenerMetrics(KafkaUtilsMetrics metrics) {
		this.metrics = metrics;
	}

	RecordInterceptor<Object, Object> recordInterceptor() {
		return new Interceptor();
	}

	/**
	 * @param deadLettering whether a recovered record was dead-lettered by a recoverer
	 * that does not report to {@link FailedRecordListener}s (an application's own
	 * {@code DeadLetterPublishingRecoverer})
	 * @return the retry listener for the error handler
	 */
	RetryListener retryListener(boolean deadLettering) {
		return new Retries(deadLettering);
	}

	/**
	 * A delivery to a batch listener starts on this thread: a failed delivery before it
	 * was retried (batch listeners have no record interceptor to say so).
	 */
	void batchDeliveryStarting() {
		this.deliveries.get().countPendingRetry();
	}

	/**
	 * @return the listener told of records kafka-utils' recoverers published: their
	 * dead-letter count, and in retry-topic mode their retry count
	 */
	FailedRecordListener failedRecordListener() {
		return new FailedRecords();
	}

	private ConsumerMeters meters(ConsumerRecord<?, ?> record) {
		return this.metrics.consumer(record.topic(), KafkaUtils.getConsumerGroupId());
	}

	/** The meters of the record's topic and the thread's group, from the thread's last lookup when they match. */
	private ConsumerMeters meters(ConsumerRecord<?, ?> record, Delivery delivery) {
		String topic = record.topic();
		String group = KafkaUtils.getConsumerGroupId();
		ConsumerMeters meters = delivery.meters;
		if (meters != null && topic.equals(delivery.metersTopic) && Objects.equals(group, delivery.metersGroup)) {
			return meters;
		}
		meters = this.metrics.consumer(topic, group);
		delivery.meters = meters;
		delivery.metersTopic = topic;
		delivery.metersGroup = group;
		return meters;
	}

	private static @Nullable Throwable listenerException(@Nullable Throwable exception) {
		return FailureCause.of(exception);
	}

	/** What is known about the delivery in progress on a consumer thread. */
	private static final class Delivery {

		@Nullable ConsumerRecord<?, ?> record;

		long startNanos;

		/** The retry counters of a failed delivery not yet known to be retried. */
		@Nullable ExceptionCounters pendingRetry;

		/** Why that delivery failed. */
		@Nullable Throwable pendingCause;

		/** The meters last used on this thread, and the topic and group they are for. */
		@Nullable ConsumerMeters meters;

		@Nullable String metersTopic;

		@Nullable String metersGroup;

		void retryPending(ExceptionCounters retries, @Nullable Throwable cause) {
			countPendingRetry();
			this.pendingRetry = retries;
			this.pendingCause = cause;
		}

		/** A retry is counted only once it happens, so no counter exists for failures never retried. */
		void countPendingRetry() {
			if (this.pendingRetry != null) {
				this.pendingRetry.increment(this.pendingCause);
				forgetPendingRetry();
			}
		}

		void forgetPendingRetry() {
			this.pendingRetry = null;
			this.pendingCause = null;
		}

	}

	private final class Interceptor implements RecordInterceptor<Object, Object> {

		@Override
		public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
				Consumer<Object, Object> consumer) {
			Delivery delivery = ListenerMetrics.this.deliveries.get();
			delivery.countPendingRetry();
			delivery.record = record;
			delivery.startNanos = System.nanoTime();
			return record;
		}

		@Override
		public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
			Delivery delivery = ListenerMetrics.this.deliveries.get();
			long elapsed = finish(record, delivery);
			if (elapsed >= 0) {
				ConsumerMeters meters = meters(record, delivery);
				meters.records().increment();
				meters.succeeded().record(elapsed, TimeUnit.NANOSECONDS);
			}
		}

		@Override
		public void failure(ConsumerRecord<Object, Object> record, Exception exception,
				Consumer<Object, Object> consumer) {
			Delivery delivery = ListenerMetrics.this.deliveries.get();
			long elapsed = finish(record, delivery);
			if (elapsed >= 0) {
				meters(record, delivery).failed().record(elapsed, TimeUnit.NANOSECONDS);
			}
		}

		/** The listener's time, or -1 when the record never reached it (it failed before). */
		private long finish(ConsumerRecord<Object, Object> record, Delivery delivery) {
			if (delivery.record != record) {
				return -1;
			}
			delivery.record = null;
			return System.nanoTime() - delivery.startNanos;
		}

	}

	private final class FailedRecords implements FailedRecordListener {

		@Override
		public void deadLettered(FailedRecord failed) {
			ListenerMetrics.this.metrics.consumer(failed.sourceTopic(), failed.group())
				.deadLettered()
				.increment(failed.cause());
		}

		@Override
		public void sentToRetryTopic(FailedRecord failed) {
			ListenerMetrics.this.metrics.consumer(failed.sourceTopic(), failed.group())
				.retries()
				.increment(failed.cause());
		}

	}

	private final class Retries implements RetryListener {

		private final boolean deadLettering;

		Retries(boolean deadLettering) {
			this.deadLettering = deadLettering;
		}

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int deliveryAttempt) {
			ListenerMetrics.this.deliveries.get().retryPending(meters(record).retries(), listenerException(ex));
		}

		@Override
		public void recovered(ConsumerRecord<?, ?> record, @Nullable Exception ex) {
			ListenerMetrics.this.deliveries.get().forgetPendingRetry();
			if (this.deadLettering) {
				meters(record).deadLettered().increment(listenerException(ex));
			}
		}

		@Override
		public void recoveryFailed(ConsumerRecord<?, ?> record, @Nullable Exception original, Exception failure) {
			ListenerMetrics.this.deliveries.get().forgetPendingRetry();
		}

	}

}
