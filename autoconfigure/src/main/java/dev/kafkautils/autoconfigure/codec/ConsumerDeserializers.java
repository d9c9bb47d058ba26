package dev.kafkautils.autoconfigure.codec;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Sets up the consumer's deserializers so that no record can fail inside
 * {@code poll()}, where a failure would stop the partition:
 * <ul>
 * <li>values stay {@code byte[]} (the {@link PayloadMessageConverter} types them for the
 * listener, and a dead-lettered record keeps its exact bytes), unless the application
 * chose a value deserializer, or converts listener payloads with a
 * {@code RecordMessageConverter} of its own: that converter gets what it would get with
 * plain Spring Boot (Boot's default value deserializer is {@link StringDeserializer});</li>
 * <li>any deserializer that can fail (a key or value deserializer the application chose,
 * other than the String and byte deserializers) runs inside spring-kafka's
 * {@link ErrorHandlingDeserializer}, which hands the failure with the raw bytes to the
 * container's error handler.</li>
 * </ul>
 */
class ConsumerDeserializers implements DefaultKafkaConsumerFactoryCustomizer {

	private static final Log logger = LogFactory.getLog(ConsumerDeserializers.class);

	private final boolean explicitValueDeserializer;

	private final @Nullable String applicationConverter;

	/**
	 * @param explicitValueDeserializer whether the application configured a value
	 * deserializer
	 * @param applicationConverter the class of the application's own
	 * {@code RecordMessageConverter}, or {@code null} when listener payloads are the
	 * {@link PayloadMessageConverter}'s
	 */
	ConsumerDeserializers(boolean explicitValueDeserializer, @Nullable String applicationConverter) {
		this.explicitValueDeserializer = explicitValueDeserializer;
		this.applicationConverter = applicationConverter;
	}

	@Override
	public void customize(DefaultKafkaConsumerFactory<?, ?> consumerFactory) {
		Map<String, Object> config = consumerFactory.getConfigurationProperties();
		Map<String, Object> updates = new HashMap<>();
		wrap(config, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS,
				updates);
		if (this.explicitValueDeserializer || this.applicationConverter != null) {
			wrap(config, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
					ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, updates);
		}
		else {
			updates.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		}
		if (this.applicationConverter != null) {
			logger.info("The application's RecordMessageConverter (" + this.applicationConverter
					+ ") converts listener payloads: consumers keep their value deserializer ("
					+ name(config.get(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG))
					+ ") instead of kafka-utils' byte[] values, and typed payloads (kafka.utils.topics.*.type) "
					+ "are that converter's job");
		}
		consumerFactory.updateConfigs(updates);
	}

	private static void wrap(Map<String, Object> config, String key, String delegateKey, Map<String, Object> updates) {
		Object configured = config.get(key);
		if (configured == null || isErrorHandling(configured) || cannotFail(configured)) {
			return;
		}
		updates.put(key, ErrorHandlingDeserializer.class);
		updates.put(delegateKey, configured);
	}

	private static boolean isErrorHandling(Object deserializer) {
		return deserializer == ErrorHandlingDeserializer.class
				|| ErrorHandlingDeserializer.class.getName().equals(deserializer);
	}

	/** Byte and String deserializers accept any bytes: wrapping them would only cost time. */
	private static boolean cannotFail(Object deserializer) {
		return deserializer == ByteArrayDeserializer.class || deserializer == StringDeserializer.class
				|| ByteArrayDeserializer.class.getName().equals(deserializer)
				|| StringDeserializer.class.getName().equals(deserializer);
	}

	private static String name(@Nullable Object deserializer) {
		return (deserializer instanceof Class<?> type) ? type.getName() : String.valueOf(deserializer);
	}

}
