package dev.kafkautils.autoconfigure.exactlyonce;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Exactly-once processing ({@code kafka.utils.exactly-once.*}).
 */
@ConfigurationProperties(ExactlyOnceProperties.PREFIX)
public class ExactlyOnceProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".exactly-once";

	/**
	 * Whether listeners consume, process and produce exactly once: transactional producers,
	 * read_committed consumers, and a Kafka transaction per delivery holding its output and
	 * its offset.
	 */
	private boolean enabled;

	/**
	 * This instance's identity in its transaction-id prefix; must differ between instances
	 * running at the same time and should stay the same across a restart of one instance,
	 * e.g. a StatefulSet pod name. Default: the pod name on Kubernetes, else a random id
	 * per start.
	 */
	private @Nullable String instanceId;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

}
