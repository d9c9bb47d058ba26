package dev.kafkautils.devbroker;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The switch of the dev broker, and how much it logs.
 */
@ConfigurationProperties(DevBrokerProperties.PREFIX)
public class DevBrokerProperties {

	static final String PREFIX = "kafka.utils.devbroker";

	/**
	 * Whether to start an in-JVM Kafka broker when no spring.kafka.bootstrap-servers is
	 * configured and no other KafkaConnectionDetails bean exists.
	 */
	private boolean enabled = true;

	/**
	 * Whether to keep the dev broker's own loggers (storage, controller, coordinators,
	 * partitions) at WARN, where the application configured no level for them.
	 */
	private boolean quiet = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isQuiet() {
		return this.quiet;
	}

	public void setQuiet(boolean quiet) {
		this.quiet = quiet;
	}

}
