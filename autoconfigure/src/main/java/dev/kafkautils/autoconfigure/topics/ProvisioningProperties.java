package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Topic provisioning at start-up, under {@code kafka.utils.provisioning}.
 */
@ConfigurationProperties(ProvisioningProperties.PREFIX)
public class ProvisioningProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".provisioning";

	/**
	 * Whether to create and update topics at start-up. Turn off on clusters where
	 * services may not create topics.
	 */
	private boolean enabled = true;

	/**
	 * Highest replication factor to request, for development clusters with fewer brokers
	 * than the tiers ask for (for example 1 for a single broker). Replication and
	 * min.insync.replicas are lowered to it and a warning is logged. Unset: no clamping,
	 * and a topic asking for more replicas than the cluster has brokers fails start-up.
	 */
	private @Nullable Integer maxReplication;

	/**
	 * Whether to apply the planned topic configuration to existing topics whose
	 * configuration differs. When false, differences are only logged.
	 */
	private boolean updateConfigs = false;

	/**
	 * Regular expression that the physical name (prefix included) of every provisioned
	 * topic must match; a name that does not fails start-up.
	 */
	private @Nullable String namePattern;

	/**
	 * How long start-up waits for new partitions to get a leader and answer an offset
	 * lookup before the application counts as started.
	 */
	private Duration readyTimeout = Duration.ofSeconds(30);

	/** How long each request to the cluster may take. */
	private Duration operationTimeout = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getMaxReplication() {
		return this.maxReplication;
	}

	public void setMaxReplication(@Nullable Integer maxReplication) {
		this.maxReplication = maxReplication;
	}

	public boolean isUpdateConfigs() {
		return this.updateConfigs;
	}

	public void setUpdateConfigs(boolean updateConfigs) {
		this.updateConfigs = updateConfigs;
	}

	public @Nullable String getNamePattern() {
		return this.namePattern;
	}

	public void setNamePattern(@Nullable String namePattern) {
		this.namePattern = namePattern;
	}

	public Duration getReadyTimeout() {
		return this.readyTimeout;
	}

	public void setReadyTimeout(Duration readyTimeout) {
		this.readyTimeout = readyTimeout;
	}

	public Duration getOperationTimeout() {
		return this.operationTimeout;
	}

	public void setOperationTimeout(Duration operationTimeout) {
		this.operationTimeout = operationTimeout;
	}

}
