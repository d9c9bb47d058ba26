package dev.kafkautils.reliability;

import java.time.Duration;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kafkautils.reliability.app.outage.Deliveries;
import dev.kafkautils.reliability.app.outage.OutageService;
import dev.kafkautils.reliability.support.OrderRecords;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "rebalance": one instance of a service consumes a six-partition topic; a
 * second instance of the same group joins mid-stream (the cooperative-sticky assignor
 * moves some partitions to it) and leaves again (they move back). Both instances run in
 * this JVM, each its own application context. Asserted by id: no record lost, and the
 * records delivered twice (to the instance that had a partition and to the one that got
 * it) counted and bounded by what the partitions that moved could have had uncommitted.
 */
class RebalanceIT {

	private static final int RECORDS = 6_000;

	private static final int PARTITIONS = 6;

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder().nodes(1));

	@Test
	void anInstanceJoiningAndLeavingMidStreamLosesNothing() {
		KafkaCluster cluster = brokers.cluster();
		String topic = "rebalance-orders";
		cluster.createTopics(PARTITIONS, topic);
		OrderRecords.send(brokers.cluster().bootstrapServers(), topic, RECORDS);
		String[] settings = { "kafka.utils.provisioning.max-replication=1", "reliability.process-delay=1ms",
				// small polls, so that records are in flight whenever partitions move
				"spring.kafka.consumer.max-poll-records=50" };
		try (ConfigurableApplicationContext first = OutageService.start(cluster.bootstrapServers(), topic, settings)) {
			Deliveries firstGot = first.getBean(Deliveries.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> firstGot.total() >= RECORDS / 6);
			Deliveries secondGot;
			try (ConfigurableApplicationContext second = OutageService.start(cluster.bootstrapServers(), topic,
					settings)) {
				secondGot = second.getBean(Deliveries.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> secondGot.total() >= RECORDS / 6);
			}
			int secondTotal = secondGot.total();
			await().atMost(Duration.ofSeconds(90)).until(() -> union(firstGot, secondGot).size() == RECORDS);

			Set<String> expected = IntStream.range(0, RECORDS).mapToObj(OrderRecords::id).collect(Collectors.toSet());
			assertThat(union(firstGot, secondGot)).containsExactlyInAnyOrderElementsOf(expected);
			long twice = expected.stream().filter((id) -> firstGot.count(id) + secondGot.count(id) > 1).count();
			System.out.printf("rebalance: first instance %d deliveries, second %d; %d records delivered twice%n",
					firstGot.total(), secondTotal, twice);
			// at most one poll of each partition that moved, twice (joining and leaving)
			assertThat(twice).as("records delivered twice").isLessThanOrEqualTo(2L * PARTITIONS * 50);
		}
	}

	private static Set<String> union(Deliveries first, Deliveries second) {
		Set<String> ids = new java.util.HashSet<>(first.ids());
		ids.addAll(second.ids());
		return ids;
	}
}
