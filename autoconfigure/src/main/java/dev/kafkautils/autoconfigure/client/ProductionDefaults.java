package dev.kafkautils.autoconfigure.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The kafka-utils production defaults. Each one is applied only where the client
 * configuration has no value for its key, so anything a user sets through
 * {@code spring.kafka.*} (typed properties or the {@code properties} maps) or a
 * customizer that runs later wins.
 */
public final class ProductionDefaults {

	/** Producers: no acknowledged write is lost, no duplicate on retry. */
	static Map<String, Object> producer(ServiceIdentity identity) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put(ProducerConfig.ACKS_CONFIG, "all");
		// enable.idempotence is left to the client: it defaults to true with acks=all and
		// steps aside by itself when a user lowers acks, where an explicit true would make
		// the producer refuse to start
		// snappy matches the topic tiers' compression.type, so brokers never recompress
		defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
		defaults.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		defaults.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
		defaults.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
		// send() blocks at most this long for metadata or buffer space instead of a minute
		defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		defaults.put(CommonClientConfigs.CLIENT_ID_CONFIG, identity.clientId());
		return Collections.unmodifiableMap(defaults);
	}

	/** Consumers: commit after processing, lose nothing in a new group, rebalance incrementally. */
	static Map<String, Object> consumer(ServiceIdentity identity) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		// the listener container commits once the listener has returned
		defaults.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// a new consumer group starts at the oldest retained record, so nothing is skipped
		defaults.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		defaults.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		// a dead instance is noticed within 30 s; heartbeats every 3 s keep rebalances quick
		defaults.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);
		defaults.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
		defaults.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
		defaults.put(ConsumerConfig.GROUP_ID_CONFIG, identity.serviceName());
		// no client.id: every listener container shares this configuration, and one id for
		// all of them collides in the client's metrics and MBeans; Kafka's own ids are unique
		return Collections.unmodifiableMap(defaults);
	}

	/**
	 * The defaults whose keys the given configuration does not set.
	 * @param defaults the defaults
	 * @param configuration the client configuration as built so far
	 * @return the entries to add
	 */
	static Map<String, Object> missingFrom(Map<String, Object> defaults, Map<String, Object> configuration) {
		Map<String, Object> missing = new LinkedHashMap<>();
		defaults.forEach((key, value) -> {
			if (!configuration.containsKey(key)) {
				missing.put(key, value);
			}
		});
		return missing;
	}

	private ProductionDefaults() {
	}

}
