package dev.kafkautils.autoconfigure.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Settings for the admin clients that kafka-utils keeps for itself (connection check,
 * health, lag, dead-letter depth): every call bounded by one timeout, and a client id of
 * its own so that broker logs and client metrics tell them apart from the application's
 * admin client.
 */
public final class AdminConfigs {

	private AdminConfigs() {
	}

	/**
	 * The application's admin settings with every request bounded.
	 * @param base the application's admin client settings (from {@code KafkaAdmin})
	 * @param timeout the longest any call may take
	 * @param purpose appended to a configured client id, e.g. "health"
	 * @return a new map
	 */
	public static Map<String, Object> bounded(Map<String, Object> base, Duration timeout, String purpose) {
		Map<String, Object> config = new HashMap<>(base);
		int timeoutMs = timeoutMs(timeout);
		config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
		config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
		return withPurpose(config, purpose);
	}

	/**
	 * @param base the application's admin client settings
	 * @param purpose appended to a configured client id, e.g. "startup"
	 * @return a copy of the settings with the client id of that purpose
	 */
	public static Map<String, Object> withPurpose(Map<String, Object> base, String purpose) {
		Map<String, Object> config = new HashMap<>(base);
		Object clientId = config.get(CommonClientConfigs.CLIENT_ID_CONFIG);
		if (clientId != null && !clientId.toString().isEmpty()) {
			config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + purpose);
		}
		return config;
	}

	/**
	 * @param timeout a duration
	 * @return the duration in milliseconds for a Kafka timeout setting, at least 1
	 */
	public static int timeoutMs(Duration timeout) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
	}

}
