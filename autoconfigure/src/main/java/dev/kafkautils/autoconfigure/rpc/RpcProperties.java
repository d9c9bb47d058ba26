package dev.kafkautils.autoconfigure.rpc;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code kafka.utils.rpc}: how request/reply clients wait, where replies
 * go and which headers carry the correlation id and the deadline.
 */
@ConfigurationProperties(RpcProperties.PREFIX)
public class RpcProperties {

	/** Prefix of the request/reply properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".rpc";

	/** Whether request/reply clients and servers are set up. */
	private boolean enabled = true;

	/** How long a request waits for its reply unless the call names another timeout. */
	private Duration timeout = Duration.ofSeconds(30);

	/**
	 * Logical reply topic, before the topic prefix. Defaults to "{service-name}-replies".
	 * With the instance reply scheme each client instance appends its own suffix.
	 */
	private @Nullable String replyTopic;

	/**
	 * How replies reach the client instance that asked: "shared" (one reply topic for
	 * every instance of the service; each instance reads it in a group of its own and
	 * keeps only its own replies) or "instance" (a reply topic per client instance).
	 */
	private ReplyScheme replyScheme = ReplyScheme.SHARED;

	/**
	 * Header that carries the correlation id of a request and its reply (spring-kafka's
	 * KafkaHeaders.CORRELATION_ID by default).
	 */
	private String correlationHeader = "kafka_correlationId";

	/**
	 * Header that carries the request's deadline (epoch milliseconds, decimal text).
	 * Servers skip requests whose deadline has passed.
	 */
	private String deadlineHeader = "kafka_utils_deadline";

	/** Whether requests are sent with their correlation id as record key when the call names no key. */
	private boolean correlationKey = true;

	/** Longest time a client waits at start-up for its reply topic's partitions to be assigned. */
	private Duration startTimeout = Duration.ofSeconds(30);

	/**
	 * Whether an exception thrown by a {@code @KafkaListener} method with {@code @SendTo}
	 * answers the requester with an error reply (exception class and message in the
	 * kafka_exception-fqcn and kafka_exception-message headers) instead of going to the
	 * error handler. Only requests that carry a reply topic header are answered so.
	 */
	private boolean errorReplies = true;

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

	public @Nullable String getReplyTopic() {
		return this.replyTopic;
	}

	public void setReplyTopic(@Nullable String replyTopic) {
		this.replyTopic = replyTopic;
	}

	public ReplyScheme getReplyScheme() {
		return this.replyScheme;
	}

	public void setReplyScheme(ReplyScheme replyScheme) {
		this.replyScheme = replyScheme;
	}

	public String getCorrelationHeader() {
		return this.correlationHeader;
	}

	public void setCorrelationHeader(String correlationHeader) {
		this.correlationHeader = correlationHeader;
	}

	public String getDeadlineHeader() {
		return this.deadlineHeader;
	}

	public void setDeadlineHeader(String deadlineHeader) {
		this.deadlineHeader = deadlineHeader;
	}

	public boolean isCorrelationKey() {
		return this.correlationKey;
	}

	public void setCorrelationKey(boolean correlationKey) {
		this.correlationKey = correlationKey;
	}

	public Duration getStartTimeout() {
		return this.startTimeout;
	}

	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
	}

	public boolean isErrorReplies() {
		return this.errorReplies;
	}

	public void setErrorReplies(boolean errorReplies) {
		this.errorReplies = errorReplies;
	}

	/** Where a client instance receives its replies. */
	public enum ReplyScheme {

		/**
		 * One reply topic for all instances of the service, read by each client instance
		 * in its own group; replies to other instances are skipped by correlation id.
		 */
		SHARED,

		/** A reply topic per client instance: the reply topic with the instance's suffix. */
		INSTANCE

	}

}
