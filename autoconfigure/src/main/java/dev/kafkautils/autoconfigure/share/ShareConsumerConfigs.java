package dev.kafkautils.autoconfigure.share;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * The share consumers' configuration, from what Spring Boot configures for consumers
 * ({@code spring.kafka.*}, {@code spring.kafka.consumer.*}, its
 * {@link KafkaConnectionDetails}, and so the kafka-utils security settings), without the
 * settings a share consumer refuses, with the service name as the default group and
 * values kept as the bytes that were on the wire.
 */
final class ShareConsumerConfigs {

	private static final Log logger = LogFactory.getLog(ShareConsumerConfigs.class);

	/**
	 * Consumer settings that a share consumer refuses to start with (Kafka's
	 * {@code ShareConsumerConfig}); offsets and assignment belong to the broker there.
	 */
	static final List<String> NOT_FOR_SHARE_CONSUMERS = List.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
			ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
			ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
			ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
			ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
			ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

	private ShareConsumerConfigs() {
	}

	static Map<String, Object> of(KafkaProperties properties, @Nullable KafkaConnectionDetails connectionDetails,
			ServiceIdentity identity) {
		Map<String, Object> config = new LinkedHashMap<>(properties.buildConsumerProperties());
		if (connectionDetails != null) {
			KafkaConnectionDetails.Configuration consumer = connectionDetails.getConsumer();
			config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, consumer.getBootstrapServers());
			String protocol = consumer.getSecurityProtocol();
			if (StringUtils.hasLength(protocol)) {
				config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
			}
			SslBundle sslBundle = consumer.getSslBundle();
			if (sslBundle != null) {
				config.put("ssl.engine.factory.class", SslBundleSslEngineFactory.class);
				config.put(SslBundle.class.getName(), sslBundle);
			}
		}
		for (String key : NOT_FOR_SHARE_CONSUMERS) {
			Object dropped = config.remove(key);
			if (dropped != null && logger.isDebugEnabled()) {
				logger.debug("Share consumers leave out " + key + "=" + dropped + " (not a share consumer setting)");
			}
		}
		config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, identity.serviceName());
		// every share container sets its own client.id; one shared id collides in metrics and MBeans
		config.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
		config.putIfAbsent(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		// the bytes as they were on the wire: typed by the listener's converter, dead-lettered as they came
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return config;
	}

}
