package dev.kafkautils.devbroker;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The switch of the dev broker.
 */
@ConfigurationProperties(DevBrokerProperties.PREFIX)
public class DevBrokerProperties {

	static final String PREFIX = "kafka.utils.devbroker";

	/**
	 * Whether to start an in-JVM Kafka broker when no spring.kafka.bootstrap-servers is
	 * configured and no other KafkaConnectionDetails bean exists.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
