package dev.kafkautils.autoconfigure.errors;

import java.util.regex.Pattern;

/**
 * spring-kafka's retry topic names as kafka-utils configures them: the source topic with
 * {@code -retry} (one topic for a fixed delay) or {@code -retry-<n>} (one per delay).
 */
final class RetryTopicNames {

	static final String SUFFIX = "-retry";

	private static final Pattern TAIL = Pattern.compile("(-\\d+)?");

	private RetryTopicNames() {
	}

	/**
	 * @param topic a topic
	 * @param sourceTopic a source topic
	 * @return whether the topic is one of the source topic's retry topics
	 */
	static boolean isRetryTopicOf(String topic, String sourceTopic) {
		return topic.startsWith(sourceTopic + SUFFIX)
				&& TAIL.matcher(topic.substring(sourceTopic.length() + SUFFIX.length())).matches();
	}

}
