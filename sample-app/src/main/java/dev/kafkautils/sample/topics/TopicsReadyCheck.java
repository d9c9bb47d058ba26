package dev.kafkautils.sample.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Holds start-up until every partition of the declared {@link NewTopic}s answers an
 * offset lookup. {@code KafkaAdmin} returns as soon as the controller has recorded a
 * new topic, possibly before the partition leaders serve it, and an idempotent
 * producer that sends in that window can lose its first batch on Kafka 4.2
 * (KAFKA-15591). Runners finish before the application reports itself ready, so
 * traffic that waits for readiness never hits the window.
 */
@Component
class TopicsReadyCheck implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(TopicsReadyCheck.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final long ATTEMPT_TIMEOUT_MS = 5_000;

	private static final long PAUSE_MS = 100;

	private final ObjectProvider<KafkaAdmin> kafkaAdmin;

	private final ObjectProvider<NewTopic> topics;

	TopicsReadyCheck(ObjectProvider<KafkaAdmin> kafkaAdmin, ObjectProvider<NewTopic> topics) {
		this.kafkaAdmin = kafkaAdmin;
		this.topics = topics;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		KafkaAdmin kafkaAdmin = this.kafkaAdmin.getIfAvailable();
		List<String> names = this.topics.orderedStream().map(NewTopic::name).toList();
		if (kafkaAdmin == null || names.isEmpty()) {
			return;
		}
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
			while (!leadersAnswer(admin, names)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Partitions of " + names + " did not answer within " + TIMEOUT);
				}
				Thread.sleep(PAUSE_MS);
			}
		}
		logger.debug("Partitions of " + names + " answer");
	}

	private boolean leadersAnswer(Admin admin, List<String> names) throws InterruptedException {
		try {
			Map<String, TopicDescription> descriptions = admin.describeTopics(names)
				.allTopicNames()
				.get(ATTEMPT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			descriptions.forEach((name, description) -> description.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
			admin.listOffsets(latest).all().get(ATTEMPT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Partitions of " + names + " do not answer yet: " + ex);
			return false;
		}
	}

}
