package dev.kafkautils.sample.orders;

import dev.kafkautils.autoconfigure.topics.TopicNames;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The sample's topics, by logical name. Application code and {@code @KafkaListener}
 * use these names; kafka-utils applies {@code kafka.utils.topic-prefix}. Declaring them
 * as {@link NewTopic} beans lets Spring Boot's {@code KafkaAdmin} create them at
 * start-up on any cluster, so nothing depends on broker-side auto-creation.
 */
@Configuration(proxyBeanMethods = false)
public class OrderTopics {

	/** Logical name of the topic of {@code OrderCreated} records (protobuf). */
	public static final String ORDERS = "orders";

	/** Logical name of the topic of {@link OrderAudit} records (JSON). */
	public static final String ORDER_AUDIT = "order-audit";

	private static final int PARTITIONS = 3;

	// replicas are left to the cluster's default.replication.factor, so the same beans
	// serve the single dev broker and a production cluster

	@Bean
	NewTopic ordersTopic(TopicNames topicNames) {
		return TopicBuilder.name(topicNames.physical(ORDERS)).partitions(PARTITIONS).build();
	}

	@Bean
	NewTopic orderAuditTopic(TopicNames topicNames) {
		return TopicBuilder.name(topicNames.physical(ORDER_AUDIT)).partitions(PARTITIONS).build();
	}

}
