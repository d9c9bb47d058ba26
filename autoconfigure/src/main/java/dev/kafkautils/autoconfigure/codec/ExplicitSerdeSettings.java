package dev.kafkautils.autoconfigure.codec;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Tells whether the application chose a serializer or deserializer itself. Spring
 * Boot's properties default to String (de)serializers, so the client configuration
 * alone cannot tell a user's choice from Boot's default; the environment can.
 */
public final class ExplicitSerdeSettings {

	private final Binder binder;

	/**
	 * @param environment the application's environment
	 */
	public ExplicitSerdeSettings(Environment environment) {
		this.binder = Binder.get(environment);
	}

	/**
	 * @return whether the application set the producer's value serializer
	 */
	public boolean producerValueSerializer() {
		return isSet("spring.kafka.producer.value-serializer", "spring.kafka.producer.properties", "value.serializer");
	}

	/**
	 * @return whether the application set the consumer's value deserializer
	 */
	public boolean consumerValueDeserializer() {
		return isSet("spring.kafka.consumer.value-deserializer", "spring.kafka.consumer.properties",
				"value.deserializer");
	}

	private boolean isSet(String typedProperty, String clientMap, String clientKey) {
		return this.binder.bind(typedProperty, String.class).isBound() || containsKey(clientMap, clientKey)
				|| containsKey("spring.kafka.properties", clientKey);
	}

	private boolean containsKey(String mapProperty, String key) {
		return this.binder.bind(mapProperty, Bindable.mapOf(String.class, String.class))
			.map((Map<String, String> map) -> map.containsKey(key))
			.orElse(false);
	}

}
