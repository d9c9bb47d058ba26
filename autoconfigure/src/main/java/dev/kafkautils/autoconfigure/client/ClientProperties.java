package dev.kafkautils.autoconfigure.client;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code kafka.utils.client}: the production defaults and the start-up
 * connection check.
 */
@ConfigurationProperties(ClientProperties.PREFIX)
public class ClientProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".client";

	/**
	 * Whether to apply the kafka-utils production defaults (acks=all, idempotence,
	 * compression, client id, cooperative rebalancing, timeouts) where no value is set.
	 */
	private boolean productionDefaults = true;

	/** Whether to check at start-up that the cluster answers, failing start-up when it does not. */
	private boolean verifyConnection = true;

	/**
	 * Whether to keep the configuration dump and version lines every Kafka client logs at
	 * creation at WARN (an application's own logging.level.* wins).
	 */
	private boolean quietLogging = true;

	/** How long the start-up connection check waits for the cluster to answer. */
	private Duration verifyTimeout = Duration.ofSeconds(10);

	/**
	 * Whether to load and initialise the Kafka client classes on a background thread while
	 * the application starts, so that the first client is created sooner (needs more than
	 * one processor; spring.backgroundpreinitializer.ignore=true also turns it off).
	 */
	private boolean preinitialize = true;

	public boolean isPreinitialize() {
		return this.preinitialize;
	}

	public void setPreinitialize(boolean preinitialize) {
		this.preinitialize = preinitialize;
	}

	public boolean isProductionDefaults() {
		return this.productionDefaults;
	}

	public void setProductionDefaults(boolean productionDefaults) {
		this.productionDefaults = productionDefaults;
	}

	public boolean isVerifyConnection() {
		return this.verifyConnection;
	}

	public void setVerifyConnection(boolean verifyConnection) {
		this.verifyConnection = verifyConnection;
	}

	public Duration getVerifyTimeout() {
		return this.verifyTimeout;
	}

	public void setVerifyTimeout(Duration verifyTimeout) {
		this.verifyTimeout = verifyTimeout;
	}

	public boolean isQuietLogging() {
		return this.quietLogging;
	}

	public void setQuietLogging(boolean quietLogging) {
		this.quietLogging = quietLogging;
	}

}
