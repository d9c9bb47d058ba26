package dev.kafkautils.autoconfigure.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code kafka.utils.schema-registry}: where the Confluent-compatible
 * registry is, how to reach it, and how payload schemas are registered, framed and
 * checked. Nothing registry-related is active until at least one URL is set.
 */
@ConfigurationProperties(SchemaRegistryProperties.PREFIX)
public class SchemaRegistryProperties {

	/** Prefix of the schema registry properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".schema-registry";

	/** Whether Schema Registry support is on. It is active only when a URL is set as well. */
	private boolean enabled = true;

	/**
	 * Base URLs of the registry's Confluent-compatible REST API (for Apicurio:
	 * ".../apis/ccompat/v7"). Requests go to the first one that answers, in order.
	 */
	private List<URI> url = new ArrayList<>();

	/** Name of the Spring Boot SSL bundle that secures https URLs. Defaults to the JDK's trust store. */
	private @Nullable String sslBundle;

	/** How long opening a connection to the registry may take. */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/** How long the registry may take to answer a request. */
	private Duration readTimeout = Duration.ofSeconds(10);

	/**
	 * Whether the schema of each declared payload type is registered under its subject on
	 * first use. When false, the schema must already be registered.
	 */
	private boolean autoRegister = true;

	/**
	 * Whether records are framed with the id of the subject's latest version instead of
	 * the id of the local schema (the latest version must be compatible with the local type).
	 */
	private boolean useLatestVersion = false;

	/** Whether the registry normalises schemas when they are registered and looked up. */
	private boolean normalize = false;

	/**
	 * How a record's subject is named: "topic" ("{topic}-value" and "{topic}-key"),
	 * "record" (the fully qualified message name) or "topic-record" ("{topic}-{message name}").
	 */
	private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategy.TOPIC;

	/**
	 * Compatibility level set on the subject of every declared payload type at start-up.
	 * Set "none" to leave the registry's level alone.
	 */
	private Compatibility compatibility = Compatibility.BACKWARD;

	/**
	 * Whether start-up fails when the local schema of a declared payload type is not
	 * compatible with the subject's latest version.
	 */
	private boolean failOnIncompatible = true;

	/**
	 * Where records carry their schema id: "payload" (magic byte and id in front of the
	 * value, what every Confluent client reads) or "header" (the __value_schema_id /
	 * __key_schema_id header with the schema's GUID, written by Confluent's 8.x serializers).
	 */
	private Framing framing = Framing.PAYLOAD;

	/** Whether JSON payloads of every topic are framed with a registered JSON Schema. */
	private boolean jsonSchema = false;

	/** Longest time start-up waits for the registry before it fails naming the URL. */
	private Duration startupTimeout = Duration.ofSeconds(30);

	/** Authentication with the registry. */
	private final Authentication authentication = new Authentication();

	/** Retries of requests that failed with a 5xx answer or a connection error. */
	private final Retry retry = new Retry();

	/** Caches of schemas and subject lookups. */
	private final Cache cache = new Cache();

	/** Per-topic settings, keyed by the logical topic name (before the topic prefix). */
	private final Map<String, TopicSettings> topics = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<URI> getUrl() {
		return this.url;
	}

	public void setUrl(List<URI> url) {
		this.url = url;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public boolean isAutoRegister() {
		return this.autoRegister;
	}

	public void setAutoRegister(boolean autoRegister) {
		this.autoRegister = autoRegister;
	}

	public boolean isUseLatestVersion() {
		return this.useLatestVersion;
	}

	public void setUseLatestVersion(boolean useLatestVersion) {
		this.useLatestVersion = useLatestVersion;
	}

	public boolean isNormalize() {
		return this.normalize;
	}

	public void setNormalize(boolean normalize) {
		this.normalize = normalize;
	}

	public SubjectNameStrategy getSubjectNameStrategy() {
		return this.subjectNameStrategy;
	}

	public void setSubjectNameStrategy(SubjectNameStrategy subjectNameStrategy) {
		this.subjectNameStrategy = subjectNameStrategy;
	}

	public Compatibility getCompatibility() {
		return this.compatibility;
	}

	public void setCompatibility(Compatibility compatibility) {
		this.compatibility = compatibility;
	}

	public boolean isFailOnIncompatible() {
		return this.failOnIncompatible;
	}

	public void setFailOnIncompatible(boolean failOnIncompatible) {
		this.failOnIncompatible = failOnIncompatible;
	}

	public Framing getFraming() {
		return this.framing;
	}

	public void setFraming(Framing framing) {
		this.framing = framing;
	}

	public boolean isJsonSchema() {
		return this.jsonSchema;
	}

	public void setJsonSchema(boolean jsonSchema) {
		this.jsonSchema = jsonSchema;
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	public Authentication getAuthentication() {
		return this.authentication;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Map<String, TopicSettings> getTopics() {
		return this.topics;
	}
	/** How a record's subject is named. */
	public enum SubjectNameStrategy {

		/** "{topic}-value" and "{topic}-key". */
		TOPIC,

		/** The fully qualified name of the message type. */
		RECORD,

		/** "{topic}-{fully qualified name of the message type}". */
		TOPIC_RECORD

	}

	/** Compatibility levels of the Confluent REST API. */
	public enum Compatibility {

		/** Leave the registry's level alone. */
		NONE,

		/** New schemas can read data written with the last version. */
		BACKWARD,

		/** New schemas can read data written with every earlier version. */
		BACKWARD_TRANSITIVE,

		/** Data written with new schemas can be read with the last version. */
		FORWARD,

		/** Data written with new schemas can be read with every earlier version. */
		FORWARD_TRANSITIVE,

		/** Backward and forward with the last version. */
		FULL,

		/** Backward and forward with every earlier version. */
		FULL_TRANSITIVE

	}

	/** Where records carry their schema id. */
	public enum Framing {

		/** Magic byte 0 and a 4-byte schema id in front of the payload. */
		PAYLOAD,

		/** A __value_schema_id / __key_schema_id header with magic byte 1 and the schema's GUID. */
		HEADER

	}

	/** Authentication with the registry: basic auth or a bearer token. */
	public static class Authentication {

		/** User name for HTTP basic authentication. */
		private @Nullable String username;

		/** Password for HTTP basic authentication. */
		private @Nullable String password;

		/** Bearer token sent in the Authorization header (instead of basic authentication). */
		private @Nullable String bearerToken;

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getBearerToken() {
			return this.bearerToken;
		}

		public void setBearerToken(@Nullable String bearerToken) {
			this.bearerToken = bearerToken;
		}
	}

	/** Retries of failed registry requests. */
	public static class Retry {

		/** Attempts per request and URL, the first one included. */
		private int maxAttempts = 3;

		/** Wait before the first retry; doubled after each further one. */
		private Duration initialBackoff = Duration.ofMillis(200);

		/** Longest wait between two attempts. */
		private Duration maxBackoff = Duration.ofSeconds(2);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}
	}

	/** Caches of schemas and subject lookups. */
	public static class Cache {

		/** Most schemas kept by id, and most subject lookups kept. */
		private int maxEntries = 1000;

		/** How long an unknown schema id is remembered, so it is asked for at most once in that time. */
		private Duration negativeTtl = Duration.ofSeconds(60);

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		public Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		public void setNegativeTtl(Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}
	}

	/** Registry settings of one topic. */
	public static class TopicSettings {

		/** Whether the topic's JSON payloads are framed with a registered JSON Schema. Defaults to json-schema. */
		private @Nullable Boolean jsonSchema;

		/** Subject name strategy of the topic. Defaults to subject-name-strategy. */
		private @Nullable SubjectNameStrategy subjectNameStrategy;

		public @Nullable Boolean getJsonSchema() {
			return this.jsonSchema;
		}

		public void setJsonSchema(@Nullable Boolean jsonSchema) {
			this.jsonSchema = jsonSchema;
		}

		public @Nullable SubjectNameStrategy getSubjectNameStrategy() {
			return this.subjectNameStrategy;
		}

		public void setSubjectNameStrategy(@Nullable SubjectNameStrategy subjectNameStrategy) {
			this.subjectNameStrategy = subjectNameStrategy;
		}
	}

}
