package dev.kafkautils.autoconfigure.client;

import java.util.List;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks Kafka's secrets in {@code /actuator/env} and {@code /actuator/configprops} even
 * where their values are shown ({@code management.endpoint.env.show-values=always}):
 * JAAS configurations (which hold SASL passwords inline), passwords, secrets and private
 * keys, under {@code spring.kafka.*} and {@code kafka.utils.*} and in client property maps
 * alike. Spring Boot masks every value by default, but masks none by key once values are
 * shown.
 */
final class KafkaSecretsSanitizingFunction implements SanitizingFunction {

	/** Parts of a lower-case key that mark a secret, in any of its spellings. */
	private static final List<String> SECRET_KEY_PARTS = List.of("jaas", "password", "secret", "private.key",
			"private-key", "privatekey", "keystore.key", "key-store-key", "keystorekey");

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = data.getLowerCaseKey();
		for (String part : SECRET_KEY_PARTS) {
			if (key.contains(part)) {
				return data.withSanitizedValue();
			}
		}
		return data;
	}

}
