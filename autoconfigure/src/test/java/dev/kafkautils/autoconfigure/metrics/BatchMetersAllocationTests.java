package dev.kafkautils.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.List;

import dev.kafkautils.autoconfigure.errors.BatchDeliveryListener;
import dev.kafkautils.autoconfigure.support.SendAllocation;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check, not a benchmark: once a topic's batch meters exist, recording a delivery to a
 * batch listener (consumed count, batch timer, batch size) allocates nothing.
 */
class BatchMetersAllocationTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	@AfterEach
	void clearGroup() {
		KafkaUtils.clearConsumerGroupId();
	}

	@Test
	void recordingADeliveredBatchAllocatesNothing() {
		KafkaUtilsMetrics metrics = new KafkaUtilsMetrics(this.registry, true);
		BatchDeliveryListener meters = new BatchMetrics(metrics, new ListenerMetrics(metrics));
		List<ConsumerRecord<String, String>> batch = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			batch.add(new ConsumerRecord<>("orders", 0, i, "key", "value"));
		}
		KafkaUtils.setConsumerGroupId("orders-service");
		double bytes = SendAllocation.bytesPerCall(() -> {
			meters.delivering(batch);
			meters.delivered(batch, 1_000_000, null);
		});
		assertThat(bytes).as("bytes per batch").isLessThan(1);
		double calls = this.registry.get(KafkaUtilsMetrics.CONSUMER_BATCH_SIZE).summary().count();
		assertThat(this.registry.get(KafkaUtilsMetrics.CONSUMER_RECORDS).counter().count()).isEqualTo(calls * 100);
		assertThat(this.registry.get(KafkaUtilsMetrics.CONSUMER_BATCH_PROCESSING).tag("outcome", "success").timer()
			.count()).isEqualTo((long) calls);
	}

}
