package dev.kafkautils.autoconfigure.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.errors.BatchDeliveryListener;
import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics.BatchMeters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Batch listener meters, fed by kafka-utils' batch handling on every delivery: the
 * consumed count (the same meter as record listeners'), time per delivery, records per
 * delivery, and the start of a retry for the retry count that {@link ListenerMetrics}
 * keeps. The consumer group comes from the container's thread.
 */
final class BatchMetrics implements BatchDeliveryListener {

	private final KafkaUtilsMetrics metrics;

	private final ListenerMetrics listenerMetrics;

	BatchMetrics(KafkaUtilsMetrics metrics, ListenerMetrics listenerMetrics) {
		this.metrics = metrics;
		this.listenerMetrics = listenerMetrics;
	}

	@Override
	public void delivering(List<? extends ConsumerRecord<?, ?>> records) {
		this.listenerMetrics.batchDeliveryStarting();
	}

	@Override
	public void delivered(List<? extends ConsumerRecord<?, ?>> records, long nanos, @Nullable Throwable failure) {
		if (records.isEmpty()) {
			return;
		}
		String group = KafkaUtils.getConsumerGroupId();
		BatchMeters batch = this.metrics.batch(records.get(0).topic(), group);
		batch.size().record(records.size());
		((failure != null) ? batch.failed() : batch.succeeded()).record(nanos, TimeUnit.NANOSECONDS);
		countProcessed(records, (failure != null) ? processedBefore(failure, records) : records.size(), group);
	}

	/** Counts records by topic, one increment per run of records of one topic. */
	private void countProcessed(List<? extends ConsumerRecord<?, ?>> records, int processed, @Nullable String group) {
		int runStart = 0;
		for (int i = 1; i <= processed; i++) {
			String topic = records.get(runStart).topic();
			if (i == processed || !sameTopic(records.get(i).topic(), topic)) {
				this.metrics.consumer(topic, group).records().increment(i - runStart);
				runStart = i;
			}
		}
	}

	private static boolean sameTopic(String topic, String other) {
		return topic == other || topic.equals(other);
	}

	/** How many records come before the one a {@link BatchListenerFailedException} names. */
	private static int processedBefore(Throwable failure, List<? extends ConsumerRecord<?, ?>> records) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof BatchListenerFailedException named) {
				ConsumerRecord<?, ?> record = named.getRecord();
				int index = (record != null) ? records.indexOf(record) : named.getIndex();
				return (index >= 0 && index < records.size()) ? index : 0;
			}
		}
		return 0;
	}

}
