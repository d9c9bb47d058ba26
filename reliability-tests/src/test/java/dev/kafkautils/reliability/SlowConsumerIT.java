package dev.kafkautils.reliability;

import java.time.Duration;
import java.util.Map;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kafkautils.autoconfigure.consumer.PollIntervalMonitor;
import dev.kafkautils.reliability.app.outage.Deliveries;
import dev.kafkautils.reliability.app.outage.OutageService;
import dev.kafkautils.reliability.support.OrderRecords;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "slow consumer": one record takes the listener longer than
 * {@code max.poll.interval.ms} (3 s here), so the consumer leaves its group mid-poll and
 * rejoins. Reported once (a WARN line, the {@code kafka.utils.consumer.poll.interval.exceeded}
 * meter, the health details), and no record lost: the records of that poll come again.
 */
class SlowConsumerIT {

	private static final int RECORDS = 2_000;

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder().nodes(1));

	@Test
	void aListenerSlowerThanTheMaximumPollIntervalIsReportedAndLosesNothing() {
		KafkaCluster cluster = brokers.cluster();
		String topic = "slow-orders";
		cluster.createTopics(3, topic);
		OrderRecords.send(brokers.cluster().bootstrapServers(), topic, RECORDS);
		try (ConfigurableApplicationContext service = OutageService.start(cluster.bootstrapServers(), topic,
				"kafka.utils.provisioning.max-replication=1",
				"spring.kafka.consumer.properties[max.poll.interval.ms]=3000",
				"spring.kafka.consumer.max-poll-records=100", "reliability.slow-id=order-500",
				"reliability.slow-delay=4s")) {
			Deliveries deliveries = service.getBean(Deliveries.class);
			PollIntervalMonitor monitor = service.getBean(PollIntervalMonitor.class);
			await().atMost(Duration.ofSeconds(90)).until(() -> deliveries.ids().size() == RECORDS);

			Set<String> expected = IntStream.range(0, RECORDS).mapToObj(OrderRecords::id).collect(Collectors.toSet());
			assertThat(deliveries.ids()).as("records delivered").containsExactlyInAnyOrderElementsOf(expected);
			Health health = service.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
			System.out.printf("slow consumer: %d breaches of max.poll.interval.ms, %d redeliveries; health %s%n",
					monitor.exceeded(), deliveries.redeliveries(), health.getDetails().get("pollIntervalExceeded"));
			assertThat(monitor.exceeded()).as("breaches reported").isEqualTo(1);
			assertThat(service.getBean(MeterRegistry.class)
				.get("kafka.utils.consumer.poll.interval.exceeded")
				.functionCounter()
				.count()).isEqualTo(1.0);
			assertThat(health.getDetails().get("pollIntervalExceeded")).isInstanceOfSatisfying(Map.class,
					(details) -> assertThat(details).containsEntry("count", 1L));
			// the records of the slow poll, at most, came again
			assertThat(deliveries.redeliveries()).as("redeliveries").isLessThanOrEqualTo(100);
		}
	}
}
