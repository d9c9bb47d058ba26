package dev.kafkautils.autoconfigure.codec;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Sets up the consumer's deserializers so that no record can fail inside
 * {@code poll()}, where a failure would stop the partition:
 * <ul>
 * <li>values stay {@code byte[]} (the {@link PayloadMessageConverter} types them for the
 * listener, and a dead-lettered record keeps its exact bytes), unless the application
 * chose a value deserializer;</li>
 * <li>any deserializer that can fail (a key or value deserializer the application chose,
 * other than the String and byte deserializers) runs inside spring-kafka's {@link ErrorHandlingDeserializer}, which hands the
 * failure with the raw bytes to the container's error handler.</li>
 * </ul>
 */
class ConsumerDeserializers implements DefaultKafkaConsumerFactoryCustomizer {

	private final boolean explicitValueDeserializer;

	ConsumerDeserializers(boolean explicitValueDeserializer) {
		this.explicitValueDeserializer = explicitValueDeserializer;
	}

	@Override
	public void customize(DefaultKafkaConsumerFactory<?, ?> consumerFactory) {
		Map<String, Object> config = consumerFactory.getConfigurationProperties();
		Map<String, Object> updates = new HashMap<>();
		wrap(config, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS,
				updates);
		if (this.explicitValueDeserializer) {
			wrap(config, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
					ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, updates);
		}
		else {
			updates.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
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

}
