package dev.kafkautils.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.reliability.app.outage.Deliveries;
import dev.kafkautils.reliability.app.outage.OutageService;
import dev.kafkautils.reliability.app.outage.SendLog;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import dev.kafkautils.test.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "three-node cluster, standard tier": a topic the starter provisions in its
 * standard tier (3 partitions, replication 3, min.insync.replicas 2) on a three-node
 * cluster. First the leader of partition 0 is SIGKILLed while records stream through the
 * template and the listener, then restarted: no acknowledged record lost, none twice in
 * the topic, consumption goes on by itself. Then two nodes are down: the broker refuses
 * every write with NOT_ENOUGH_REPLICAS, which the client retries until
 * {@code delivery.timeout.ms} and then fails to the caller, so none is acknowledged; the
 * health indicator reports DOWN naming the partitions below their minimum in-sync
 * replicas; once the nodes are back, sends, consumption and health recover. One cluster and one service for both, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

	private static final String TOPIC = "failover-orders";

	private static final int STREAM = 10_000;

	private static final String PADDING = "x".repeat(100);

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder()
		.nodes(3)
		// a killed node is fenced, and its partitions get new leaders, after 4 s
		.brokerProperty("broker.session.timeout.ms", "4000")
		.brokerProperty("broker.heartbeat.interval.ms", "500"));

	private static ConfigurableApplicationContext service;

	private static SendLog sends;

	@AfterAll
	static void closeService() {
		if (service != null) {
			service.close();
		}
	}

	@Test
	@Order(1)
	void killedLeaderLosesNoAcknowledgedRecordAndDuplicatesNone() throws Exception {
		KafkaCluster cluster = brokers.cluster();
		service = OutageService.start(cluster.bootstrapServers(), TOPIC, "kafka.utils.topics." + TOPIC + ".tier=standard",
				// sends that cannot be written fail to their caller within 15 s, not 2 minutes
				"spring.kafka.producer.properties[delivery.timeout.ms]=15000",
				"spring.kafka.producer.properties[request.timeout.ms]=5000");
		sends = new SendLog(service.getBean(KafkaUtilsTemplate.class), TOPIC);
		Deliveries deliveries = service.getBean(Deliveries.class);
		TopicDescription topic;
		try (Admin admin = cluster.admin()) {
			topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
			assertThat(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
				.get("min.insync.replicas")
				.value()).isEqualTo("2");
		}
		assertThat(topic.partitions()).hasSize(3).allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(3));
		int leader = topic.partitions().get(0).leader().id();

		// about 2,000 records a second from one caller thread, so that the kill lands mid-stream
		CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < STREAM; i++) {
				sends.send(id(i), i + PADDING);
				if (i % 10 == 9) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
				}
			}
		});
		await().atMost(Duration.ofSeconds(60)).until(() -> sends.acknowledged().size() >= 2_000);
		cluster.kill(leader);
		await().atMost(Duration.ofSeconds(60)).until(() -> sends.acknowledged().size() >= 7_000);
		cluster.restart(leader);
		stream.get(60, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(60)).until(sends::allCompleted);

		Set<String> acknowledged = sends.acknowledged();
		Map<String, Long> copies = copiesInTopic();
		List<String> lost = acknowledged.stream().filter((id) -> !copies.containsKey(id)).sorted().toList();
		List<String> duplicated = copies.entrySet().stream().filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey).sorted().toList();
		System.out.printf("failover: leader %d of partition 0 killed; %d acknowledged, %d failed, %d lost, "
				+ "%d duplicated in the topic%n", leader, acknowledged.size(), sends.failed().size(), lost.size(),
				duplicated.size());
		assertThat(lost).as("acknowledged records missing from the topic").isEmpty();
		assertThat(duplicated).as("records in the topic more than once").isEmpty();
		assertThat(sends.failed()).as("sends that failed although two replicas stayed in sync").isEmpty();
		await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.ids().containsAll(acknowledged));
		assertThat(deliveries.ids()).as("records the listener got").containsAll(acknowledged);
	}

	@Test
	@Order(2)
	void twoNodesDownFailEverySendToItsCallerAndTheHealthSaysSo() throws Exception {
		KafkaCluster cluster = brokers.cluster();
		HealthIndicator health = service.getBean("kafkaHealthIndicator", HealthIndicator.class);
		Deliveries deliveries = service.getBean(Deliveries.class);
		await().atMost(Duration.ofSeconds(60)).until(() -> inSyncReplicas().stream().allMatch((isr) -> isr == 3));
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);

		// stopped, not killed: each leaves the in-sync replicas while the quorum still stands
		cluster.stop(2);
		cluster.stop(3);
		SendLog refused = new SendLog(service.getBean(KafkaUtilsTemplate.class), TOPIC);
		for (int i = 0; i < 30; i++) {
			refused.send("refused-" + i, i + PADDING);
		}
		Health down = health.health();
		await().atMost(Duration.ofSeconds(40)).until(refused::allCompleted);
		System.out.printf("failover: two nodes down: %d acknowledged, %d failed; health %s %s%n",
				refused.acknowledged().size(), refused.failed().size(), down.getStatus(), down.getDetails());
		refused.failed().values().stream().findFirst().ifPresent((failure) -> System.out
			.println("failover: a failed send: " + failure + ", caused by " + failure.getCause()));
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails().get("partitionsUnwritable")).asString()
			.contains(TOPIC + "-0 (1 in sync, min.insync.replicas 2)");
		assertThat(refused.acknowledged()).as("sends acknowledged with one replica in sync").isEmpty();
		// the broker answers NOT_ENOUGH_REPLICAS, which the client retries (logging each) until
		// delivery.timeout.ms; the caller then gets the expiry, for every record
		assertThat(refused.failed()).hasSize(30).allSatisfy((id, failure) -> assertThat(failure)
			.isInstanceOf(KafkaProducerException.class)
			.rootCause()
			.isInstanceOf(TimeoutException.class)
			.hasMessageContaining("has passed since batch creation"));
		assertThat(copiesInTopic().keySet()).noneMatch((id) -> id.startsWith("refused-"));

		cluster.restart(2);
		cluster.restart(3);
		await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus().equals(Status.UP));
		SendLog recovered = new SendLog(service.getBean(KafkaUtilsTemplate.class), TOPIC);
		for (int i = 0; i < 1_000; i++) {
			recovered.send("recovered-" + i, i + PADDING);
		}
		await().atMost(Duration.ofSeconds(60)).until(recovered::allCompleted);
		assertThat(recovered.failed()).as("sends failed after the nodes came back").isEmpty();
		await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.ids().containsAll(recovered.acknowledged()));
	}

	private static List<Integer> inSyncReplicas() throws Exception {
		try (Admin admin = brokers.cluster().admin()) {
			return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC)
				.partitions()
				.stream()
				.map(TopicPartitionInfo::isr)
				.map(List::size)
				.toList();
		}
	}

	private static Map<String, Long> copiesInTopic() {
		return TopicRecords.of(brokers.cluster().bootstrapServers())
			.read(TOPIC)
			.stream()
			.map(ConsumerRecord::key)
			.collect(Collectors.groupingBy((key) -> key, HashMap::new, Collectors.counting()));
	}

	private static String id(int i) {
		return "order-" + i;
	}

}
