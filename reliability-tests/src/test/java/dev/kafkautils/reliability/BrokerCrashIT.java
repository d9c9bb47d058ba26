package dev.kafkautils.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.reliability.app.outage.Deliveries;
import dev.kafkautils.reliability.app.outage.OutageService;
import dev.kafkautils.reliability.app.outage.SendLog;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import dev.kafkautils.test.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "single broker SIGKILL and restart": a service sends 20,000 records through
 * the starter's template (asynchronously, from one caller thread) while its listener
 * consumes them; the only broker is killed after 5,000 acknowledgements and restarted
 * once the producer has refused a record (no buffer space, or no metadata, within
 * {@code max.block.ms}: which of the two comes first is the client's). Asserted by record id: every
 * acknowledged record is in the topic exactly once, every record in the topic was
 * processed, every send either was acknowledged or failed to its caller with an
 * exception, and no {@code send} call held its caller longer than {@code max.block.ms}
 * (the starter's 10 s).
 */
class BrokerCrashIT {

	private static final int RECORDS = 20_000;

	private static final int BEFORE_KILL = 5_000;

	/** The starter's max.block.ms. */
	private static final long MAX_BLOCK_MS = 10_000;

	/** What a busy two-core machine may add to a blocked call. */
	private static final long SCHEDULING_SLACK_MS = 1_500;

	/** 200 bytes: a 256 KB buffer fills after about a thousand records. */
	private static final String PADDING = "x".repeat(180);

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder()
		.nodes(1)
		// the restarted node is taken back once its old session expired: keep that short
		.brokerProperty("broker.session.timeout.ms", "3000")
		.brokerProperty("broker.heartbeat.interval.ms", "500"));

	@Test
	void everyAcknowledgedRecordSurvivesAndEveryOtherFailsToItsCaller() {
		KafkaCluster cluster = brokers.cluster();
		String topic = "outage-orders";
		cluster.createTopics(3, topic);
		try (ConfigurableApplicationContext service = OutageService.start(cluster.bootstrapServers(), topic,
				"kafka.utils.provisioning.max-replication=1",
				// a small buffer, so that the outage outlasts it and send() has to block
				"spring.kafka.producer.buffer-memory=256KB")) {
			assertThat(service.getBean(ProducerFactory.class).getConfigurationProperties())
				.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK_MS);
			Deliveries deliveries = service.getBean(Deliveries.class);
			SendLog sends = new SendLog(service.getBean(KafkaUtilsTemplate.class), topic);
			int next = 0;
			while (next < BEFORE_KILL) {
				sends.send(id(next), value(next++));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> sends.acknowledged().size() == BEFORE_KILL);

			cluster.kill(1);
			// the producer buffers what it cannot send; once the buffer is full, send()
			// blocks for max.block.ms and then fails the record to its caller
			while (next < RECORDS && sends.failed().isEmpty()) {
				sends.send(id(next), value(next++));
			}
			int sentDuringOutage = next - BEFORE_KILL;
			cluster.restart(1);
			while (next < RECORDS) {
				sends.send(id(next), value(next++));
			}

			await().atMost(Duration.ofSeconds(150)).until(sends::allCompleted);
			Set<String> acknowledged = sends.acknowledged();
			Map<String, Throwable> failed = sends.failed();
			List<String> inTopic = TopicRecords.of(cluster.bootstrapServers())
				.read(topic)
				.stream()
				.map(ConsumerRecord::key)
				.toList();
			Set<String> distinctInTopic = Set.copyOf(inTopic);
			await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.ids().containsAll(distinctInTopic));

			Map<String, Long> copies = inTopic.stream()
				.collect(Collectors.groupingBy((key) -> key, HashMap::new, Collectors.counting()));
			List<String> lost = acknowledged.stream().filter((id) -> !copies.containsKey(id)).sorted().toList();
			List<String> duplicated = acknowledged.stream().filter((id) -> copies.getOrDefault(id, 0L) > 1).toList();
			long failedButWritten = failed.keySet().stream().filter(copies::containsKey).count();
			failed.values().stream().findFirst().ifPresent((failure) -> System.out.println("broker crash: a failed send: "
					+ failure + ", caused by " + org.assertj.core.util.Throwables.getRootCause(failure)));
			System.out.printf(
					"broker crash: %d acknowledged, %d failed to the caller (%d of them written anyway), "
							+ "%d sent during the outage, %d in the topic, %d redelivered to the listener, "
							+ "longest send() call %d ms%n",
					acknowledged.size(), failed.size(), failedButWritten, sentDuringOutage, inTopic.size(),
					deliveries.redeliveries(), sends.longestCallMillis());

			assertThat(acknowledged.size() + failed.size()).as("every send acknowledged or failed").isEqualTo(RECORDS);
			assertThat(lost).as("acknowledged records missing from the topic").isEmpty();
			assertThat(duplicated).as("acknowledged records in the topic more than once").isEmpty();
			assertThat(sends.longestCallMillis()).as("longest time send() held its caller (ms)")
				.isLessThanOrEqualTo(MAX_BLOCK_MS + SCHEDULING_SLACK_MS);
			assertThat(failed).as("sends during the outage that failed to their caller").isNotEmpty();
			// the failure names the record and says why: no buffer space or no metadata within max.block.ms
			assertThat(failed.values()).allSatisfy((failure) -> {
				assertThat(failure).isInstanceOf(KafkaProducerException.class);
				assertThat(((KafkaProducerException) failure).<String, Object>getFailedProducerRecord().topic())
					.isEqualTo(topic);
				assertThat(failure).hasRootCauseInstanceOf(TimeoutException.class)
					.rootCause()
					.hasMessageContaining(MAX_BLOCK_MS + " ms");
			});
			assertThat(deliveries.ids()).as("records in the topic the listener never got")
				.containsAll(distinctInTopic);
		}
	}

	private static String id(int i) {
		return "order-" + i;
	}

	private static String value(int i) {
		return i + PADDING;
	}

}
