package dev.kafkautils.autoconfigure.errors;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.kafkautils.autoconfigure.core.DeadLetterTopicResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The {@code kafkadlq} actuator endpoint: how deep each dead-letter topic of this
 * service's listeners is (read), and replay of a dead-letter topic (write). Like every
 * actuator endpoint it is reachable over HTTP only once exposed
 * ({@code management.endpoints.web.exposure.include=kafkadlq}); by default only its read
 * operation is allowed, replay needs {@code management.endpoint.kafkadlq.access=unrestricted}.
 */
@Endpoint(id = "kafkadlq", defaultAccess = Access.READ_ONLY)
public class DeadLetterEndpoint {

	private final DeadLetterDepth depth;

	private final DeadLetterReplayer replayer;

	private final DeadLetterTopicResolver deadLetterTopics;

	private final KafkaListenerEndpointRegistry registry;

	public DeadLetterEndpoint(DeadLetterDepth depth, DeadLetterReplayer replayer,
			DeadLetterTopicResolver deadLetterTopics, KafkaListenerEndpointRegistry registry) {
		this.depth = depth;
		this.replayer = replayer;
		this.deadLetterTopics = deadLetterTopics;
		this.registry = registry;
	}

	/**
	 * @return the number of records in each dead-letter topic of this service's listeners
	 */
	@ReadOperation
	public Map<String, Long> depth() {
		Set<String> deadLetterTopics = new LinkedHashSet<>();
		for (MessageListenerContainer container : this.registry.getAllListenerContainers()) {
			String[] topics = container.getContainerProperties().getTopics();
			if (topics != null) {
				for (String topic : topics) {
					deadLetterTopics.add(this.deadLetterTopics.resolve(topic, container.getGroupId()));
				}
			}
		}
		return this.depth.depth(deadLetterTopics);
	}

	/**
	 * Replay a dead-letter topic, or an offset range of it, to the records' original
	 * topics.
	 * @param topic the dead-letter topic
	 * @param from first offset to replay, all from the beginning when absent
	 * @param to last offset to replay (inclusive), all to the end when absent
	 * @return what was replayed and skipped
	 */
	@WriteOperation
	public ReplayResult replay(@Selector String topic, @Nullable Long from, @Nullable Long to) {
		return this.replayer.replay(topic, from, to);
	}

}
