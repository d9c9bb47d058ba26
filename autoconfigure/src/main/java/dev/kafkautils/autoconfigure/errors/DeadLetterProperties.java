package dev.kafkautils.autoconfigure.errors;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dead-letter topics, under {@code kafka.utils.dlq}.
 */
@ConfigurationProperties(DeadLetterProperties.PREFIX)
public class DeadLetterProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".dlq";

	/** Whether records that fail for good are published to a dead-letter topic. */
	private boolean enabled = true;

	/**
	 * Name of the dead-letter topic of a source topic, before the topic prefix. Placeholders:
	 * {topic} (the source topic without the prefix), {service} (kafka.utils.service-name) and
	 * {group} (the consumer group). For example "{service}-dlq" for one per service or
	 * "{topic}-dlt" for spring-kafka's convention.
	 */
	private String topicPattern = "dlq.{topic}";

	/** Longest exception stack trace, in characters, kept in the kafka_dlt-exception-stacktrace header. */
	private int maxStackTraceLength = 4096;

	/** Replay of dead-lettered records back to their original topics. */
	private final Replay replay = new Replay();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getTopicPattern() {
		return this.topicPattern;
	}

	public void setTopicPattern(String topicPattern) {
		this.topicPattern = topicPattern;
	}

	public int getMaxStackTraceLength() {
		return this.maxStackTraceLength;
	}

	public void setMaxStackTraceLength(int maxStackTraceLength) {
		this.maxStackTraceLength = maxStackTraceLength;
	}

	public Replay getReplay() {
		return this.replay;
	}

	/**
	 * Replay settings.
	 */
	public static class Replay {

		/** How often one record may be replayed; a record replayed this many times is skipped. */
		private int maxReplays = 3;

		/**
		 * How long one replay reads records to send back; what it sent by then gets as
		 * long again to be acknowledged. A replay that reaches it stops and reports what
		 * it replayed and where to resume.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public int getMaxReplays() {
			return this.maxReplays;
		}

		public void setMaxReplays(int maxReplays) {
			this.maxReplays = maxReplays;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
