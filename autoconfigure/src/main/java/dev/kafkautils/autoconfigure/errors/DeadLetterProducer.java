package dev.kafkautils.autoconfigure.errors;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The producer that writes dead-letter copies and replays: the application's producer
 * settings (brokers, security, acks=all) with serializers that write keys and values back
 * exactly as they were received and add no headers. Kept apart from the application's
 * template so that template's serializer and headers never touch a dead-lettered record.
 */
public final class DeadLetterProducer implements DisposableBean {

	private final DefaultKafkaProducerFactory<Object, Object> producerFactory;

	private final KafkaTemplate<Object, Object> template;

	@SuppressWarnings("unchecked")
	DeadLetterProducer(ProducerFactory<?, ?> source, Serializer<Object> fallback, String clientId) {
		Map<String, Object> config = new HashMap<>(source.getConfigurationProperties());
		config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
		DeadLetterSerializer serializer = new DeadLetterSerializer(fallback);
		this.producerFactory = new DefaultKafkaProducerFactory<>(config, serializer, serializer);
		// the application's factory listeners, such as Spring Boot's Micrometer client metrics
		for (ProducerFactory.Listener<?, ?> listener : source.getListeners()) {
			this.producerFactory.addListener((ProducerFactory.Listener<Object, Object>) listener);
		}
		this.template = new KafkaTemplate<>(this.producerFactory);
	}

	KafkaTemplate<Object, Object> template() {
		return this.template;
	}

	@Override
	public void destroy() {
		this.producerFactory.destroy();
	}

}
