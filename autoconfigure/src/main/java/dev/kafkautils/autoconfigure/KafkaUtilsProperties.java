package dev.kafkautils.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.kafkautils.autoconfigure.client.ClientProperties;
import dev.kafkautils.autoconfigure.client.SecurityProperties;
import dev.kafkautils.autoconfigure.codec.HeaderProperties;
import dev.kafkautils.autoconfigure.errors.DeadLetterProperties;
import dev.kafkautils.autoconfigure.errors.ErrorEventProperties;
import dev.kafkautils.autoconfigure.errors.RetryProperties;
import dev.kafkautils.autoconfigure.health.HealthProperties;
import dev.kafkautils.autoconfigure.metrics.MetricsProperties;
import dev.kafkautils.autoconfigure.observation.CorrelationProperties;
import dev.kafkautils.autoconfigure.observation.ObservationProperties;
import dev.kafkautils.autoconfigure.producer.ProducerProperties;
import dev.kafkautils.autoconfigure.topics.ProvisioningProperties;
import dev.kafkautils.autoconfigure.topics.TierProperties;
import dev.kafkautils.autoconfigure.topics.TopicProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Root of the {@code kafka.utils.*} properties. Each concern keeps its part in its own
 * class beside the code that uses it; settings that Spring Boot already binds under
 * {@code spring.kafka.*} are not repeated here.
 */
@ConfigurationProperties(KafkaUtilsProperties.PREFIX)
public class KafkaUtilsProperties {

	/** Prefix of every kafka-utils property. */
	public static final String PREFIX = "kafka.utils";

	/** Whether the kafka-utils starter is enabled. When false, only Spring Boot's own Kafka support applies. */
	private boolean enabled = true;

	/**
	 * Name of this service, used in client ids, the source header and dead-letter
	 * naming. Defaults to spring.application.name.
	 */
	private @Nullable String serviceName;

	/**
	 * Prefix prepended to every physical topic name, so that application code uses
	 * logical names in send(...) and @KafkaListener alike (for example "staging.").
	 */
	private String topicPrefix = "";

	/** Topics by logical name: their physical names, payload types, tiers and overrides. */
	private final Map<String, TopicProperties> topics = new LinkedHashMap<>();

	/**
	 * Topic tiers by name: changes to the built-in standard, error and dlq tiers, and
	 * custom tiers. Values a tier leaves unset come from the built-in tier of that name,
	 * or from standard for a custom tier.
	 */
	private final Map<String, TierProperties> tiers = new LinkedHashMap<>();

	/** Creation and update of topics at start-up. */
	@NestedConfigurationProperty
	private final ProvisioningProperties provisioning = new ProvisioningProperties();

	/** Client settings: production defaults and the start-up connection check. */
	@NestedConfigurationProperty
	private final ClientProperties client = new ClientProperties();

	/** Security settings applied once to producers, consumers and admin clients. */
	@NestedConfigurationProperty
	private final SecurityProperties security = new SecurityProperties();

	/** Standard headers written on every record sent. */
	@NestedConfigurationProperty
	private final HeaderProperties headers = new HeaderProperties();

	/** Producer settings that Spring Boot does not bind. */
	@NestedConfigurationProperty
	private final ProducerProperties producer = new ProducerProperties();

	/** Retries before a record is dead-lettered. */
	@NestedConfigurationProperty
	private final RetryProperties retry = new RetryProperties();

	/** Dead-letter topics. */
	@NestedConfigurationProperty
	private final DeadLetterProperties dlq = new DeadLetterProperties();

	/** The central error-event topic. */
	@NestedConfigurationProperty
	private final ErrorEventProperties errors = new ErrorEventProperties();

	/** Meters for produced, consumed, retried and dead-lettered records, and consumer lag. */
	@NestedConfigurationProperty
	private final MetricsProperties metrics = new MetricsProperties();

	/** The "kafka" health indicator. */
	@NestedConfigurationProperty
	private final HealthProperties health = new HealthProperties();

	/** spring-kafka's observation (tracing) of sends and listeners. */
	@NestedConfigurationProperty
	private final ObservationProperties observation = new ObservationProperties();

	/** Correlation ids in the logging MDC and on records sent. */
	@NestedConfigurationProperty
	private final CorrelationProperties correlation = new CorrelationProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public String getTopicPrefix() {
		return this.topicPrefix;
	}

	public void setTopicPrefix(String topicPrefix) {
		this.topicPrefix = (topicPrefix != null) ? topicPrefix : "";
	}

	public Map<String, TopicProperties> getTopics() {
		return this.topics;
	}

	public Map<String, TierProperties> getTiers() {
		return this.tiers;
	}

	public ProvisioningProperties getProvisioning() {
		return this.provisioning;
	}

	public ClientProperties getClient() {
		return this.client;
	}

	public SecurityProperties getSecurity() {
		return this.security;
	}

	public HeaderProperties getHeaders() {
		return this.headers;
	}

	public ProducerProperties getProducer() {
		return this.producer;
	}

	public RetryProperties getRetry() {
		return this.retry;
	}

	public DeadLetterProperties getDlq() {
		return this.dlq;
	}

	public ErrorEventProperties getErrors() {
		return this.errors;
	}

	public MetricsProperties getMetrics() {
		return this.metrics;
	}

	public HealthProperties getHealth() {
		return this.health;
	}

	public ObservationProperties getObservation() {
		return this.observation;
	}

	public CorrelationProperties getCorrelation() {
		return this.correlation;
	}

}
