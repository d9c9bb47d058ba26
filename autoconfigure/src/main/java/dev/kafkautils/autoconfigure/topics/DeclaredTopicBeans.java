package dev.kafkautils.autoconfigure.topics;

import java.util.Map;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link NewTopic} bean per declared topic ({@code kafka.utils.topics.*}),
 * named {@code kafkaUtilsTopic.<logical>} and carrying the physical name and the planned
 * partitions, replication and configuration. The beans describe the topics to the rest
 * of the application; {@link TopicProvisioningLifecycle} creates them.
 */
class DeclaredTopicBeans implements BeanRegistrar {

	static final String BEAN_NAME_PREFIX = "kafkaUtilsTopic.";

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		Map<String, TopicProperties> topics = Binder.get(environment)
			.bind(KafkaUtilsProperties.PREFIX + ".topics", Bindable.mapOf(String.class, TopicProperties.class))
			.orElse(Map.of());
		for (String logical : topics.keySet()) {
			registry.registerBean(BEAN_NAME_PREFIX + logical, NewTopic.class, (spec) -> spec
				.description("Kafka topic '" + logical + "' declared under kafka.utils.topics")
				.supplier((context) -> context.bean(TopicPlanner.class).declared().get(logical).toNewTopic()));
		}
	}

}
