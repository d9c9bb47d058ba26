package dev.kafkautils.autoconfigure.topics;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.kafkautils.autoconfigure.core.ConsumedTopic;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * The topics that listener containers consume, with their consumer groups. Containers
 * that subscribe to a pattern name no topics up front; they are skipped with a note in
 * the log.
 */
final class ListenerTopics {

	private static final Log logger = LogFactory.getLog(ListenerTopics.class);

	private ListenerTopics() {
	}

	static List<ConsumedTopic> consumedBy(Collection<? extends MessageListenerContainer> containers) {
		Set<ConsumedTopic> consumed = new LinkedHashSet<>();
		for (MessageListenerContainer container : containers) {
			ContainerProperties properties;
			try {
				properties = container.getContainerProperties();
			}
			catch (UnsupportedOperationException ex) {
				continue;
			}
			String group = container.getGroupId();
			if (properties.getTopics() != null) {
				for (String topic : properties.getTopics()) {
					consumed.add(new ConsumedTopic(topic, group));
				}
			}
			if (properties.getTopicPartitions() != null) {
				for (TopicPartitionOffset partition : properties.getTopicPartitions()) {
					consumed.add(new ConsumedTopic(partition.getTopic(), group));
				}
			}
			if (properties.getTopicPattern() != null) {
				logger.info("Listener '" + container.getListenerId() + "' subscribes to the pattern '"
						+ properties.getTopicPattern() + "': dead-letter topics of pattern subscriptions are not "
						+ "provisioned; declare them under kafka.utils.topics");
			}
		}
		return List.copyOf(consumed);
	}

}
