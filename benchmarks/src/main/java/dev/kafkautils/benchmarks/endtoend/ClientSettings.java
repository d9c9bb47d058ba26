package dev.kafkautils.benchmarks.endtoend;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The client configuration every variant runs with: raw clients get it as their
 * configuration, Spring contexts as {@code spring.kafka.producer.properties.*} and
 * {@code spring.kafka.consumer.properties.*}. The values are the starter's production
 * defaults, so the starter adds nothing that the other variants lack (it adds only its
 * client id); setting them everywhere makes that explicit.
 */
final class ClientSettings {

	static final Map<String, String> PRODUCER = producer();

	static final Map<String, String> CONSUMER = consumer();

	private static Map<String, String> producer() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
		settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
		settings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
		settings.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
		settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
		settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
		settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
		return Map.copyOf(settings);
	}

	private static Map<String, String> consumer() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
		return Map.copyOf(settings);
	}

	private ClientSettings() {
	}

}
