package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import dev.kafkautils.test.KafkaBrokers;
import dev.kafkautils.test.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provisioning on a real three-broker cluster: the tiers' replication and
 * min.insync.replicas apply as configured, without clamping.
 */
@KafkaBrokers(nodes = 3)
class KafkaTopicsClusterTests {

	private final KafkaCluster cluster;

	private final String prefix = TestKafka.uniqueTopic("cluster") + ".";

	private final ApplicationContextRunner runner;

	KafkaTopicsClusterTests(KafkaCluster cluster) {
		this.cluster = cluster;
		this.runner = KafkaUtilsContextRunner.create()
			.withConfiguration(AutoConfigurations.of(KafkaTopicsAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
					"kafka.utils.topic-prefix=" + this.prefix);
	}

	@Test
	void tiersGetTheirReplicationAndMinInSyncReplicasWithoutClamping() throws Exception {
		this.runner.withUserConfiguration(OrdersListener.class)
			.withPropertyValues("kafka.utils.topics.orders.tier=standard", "kafka.utils.errors.topic=errors")
			.run((context) -> assertThat(context).hasNotFailed());
		try (Admin admin = this.cluster.admin()) {
			assertTopic(admin, "orders", 3, "2");
			assertTopic(admin, "dlq.orders", 1, "1");
			assertTopic(admin, "errors", 1, "1");
		}
	}

	private void assertTopic(Admin admin, String name, int partitions, String minIsr) throws Exception {
		String topic = this.prefix + name;
		TopicDescription description = admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(topic);
		assertThat(description.partitions()).hasSize(partitions).allSatisfy((partition) -> {
			assertThat(partition.replicas()).as(topic + " replicas").hasSize(3);
			assertThat(partition.leader()).as(topic + " leader").isNotNull();
		});
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
		Map.of("min.insync.replicas", minIsr, "compression.type", "snappy")
			.forEach((key, value) -> assertThat(config.get(key).value()).as(topic + " " + key).isEqualTo(value));
		assertThat(Duration.ofMillis(Long.parseLong(config.get("retention.ms").value())))
			.isEqualTo(name.equals("orders") ? Duration.ofDays(7) : Duration.ofDays(30));
	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersListener {

		@KafkaListener(topics = "orders")
		void onOrder(String value) {
		}

	}

}
