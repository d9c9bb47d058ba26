package dev.kafkautils.autoconfigure.health;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code kafka.utils.health}: the {@code kafka} health indicator.
 */
@ConfigurationProperties(HealthProperties.PREFIX)
public class HealthProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".health";

	/** Whether to contribute the "kafka" health indicator (needs Spring Boot's health support). */
	private boolean enabled = true;

	/** How long a health check waits for the cluster to answer before it reports DOWN. */
	private Duration timeout = Duration.ofSeconds(3);

	/**
	 * Largest consumer lag (records behind, of any assigned partition) still healthy;
	 * above it the indicator reports OUT_OF_SERVICE. Unset: lag does not affect health.
	 * Read from the cached lag gauges, so it needs kafka.utils.metrics.lag.enabled.
	 */
	private @Nullable Long maxLag;

	/**
	 * Whether the indicator reports DOWN when a partition of a declared topic
	 * (kafka.utils.topics) has no leader or fewer in-sync replicas than its
	 * min.insync.replicas, so that writes with acks=all to it fail.
	 */
	private boolean checkPartitions = true;

	/**
	 * Whether the indicator is part of the readiness group
	 * (/actuator/health/readiness), when Spring Boot's availability probes are enabled.
	 */
	private boolean readiness = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Long getMaxLag() {
		return this.maxLag;
	}

	public void setMaxLag(@Nullable Long maxLag) {
		this.maxLag = maxLag;
	}

	public boolean isCheckPartitions() {
		return this.checkPartitions;
	}

	public void setCheckPartitions(boolean checkPartitions) {
		this.checkPartitions = checkPartitions;
	}

	public boolean isReadiness() {
		return this.readiness;
	}

	public void setReadiness(boolean readiness) {
		this.readiness = readiness;
	}

}
