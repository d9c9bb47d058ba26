package dev.kafkautils.autoconfigure.core;

import org.jspecify.annotations.Nullable;

/**
 * Names the dead-letter topic of a source topic. The error handler publishes there, the
 * provisioning creates it, replay and the dead-letter endpoint read it: all of them ask
 * the one bean of this type, so they always agree.
 * <p>
 * kafka-utils' default follows {@code kafka.utils.dlq.topic-pattern} and the per-topic
 * {@code kafka.utils.topics.<logical>.dlq}. Declare a bean of this type to name
 * dead-letter topics another way; it must return the same name for the same arguments
 * every time (results may be cached), and physical names, prefix included.
 */
@FunctionalInterface
public interface DeadLetterTopicResolver {

	/**
	 * The physical name of the dead-letter topic of a source topic.
	 * @param sourceTopic the physical source topic
	 * @param group the consumer group the record was consumed in, or {@code null} when
	 * unknown
	 * @return the physical dead-letter topic name
	 */
	String resolve(String sourceTopic, @Nullable String group);

}
