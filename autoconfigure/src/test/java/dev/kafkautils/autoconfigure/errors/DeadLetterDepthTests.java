package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Depth of dead-letter topics on the shared broker: latest minus earliest offset over all
 * partitions, topics that do not exist left out.
 */
class DeadLetterDepthTests {

	private final DeadLetterDepth depth = new DeadLetterDepth(
			() -> Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
			Duration.ofSeconds(10));

	@AfterEach
	void close() {
		this.depth.destroy();
	}

	@Test
	void depthCountsFromTheLogStartOverEveryPartitionAndLeavesOutMissingTopics() throws Exception {
		String deadLetters = TestKafka.uniqueTopic("dlq.depth");
		String empty = TestKafka.uniqueTopic("dlq.empty");
		String missing = TestKafka.uniqueTopic("dlq.missing");
		TestKafka.createTopics(2, deadLetters, empty);
		for (int i = 0; i < 3; i++) {
			send(deadLetters, 0, "a-" + i);
		}
		send(deadLetters, 1, "b-0");
		send(deadLetters, 1, "b-1");
		assertThat(this.depth.depth(List.of(missing, deadLetters, empty)))
			.containsExactly(Map.entry(deadLetters, 5L), Map.entry(empty, 0L));
		// retention moves the log start: deleted records are no longer in the topic
		try (Admin admin = TestKafka.admin()) {
			admin.deleteRecords(Map.of(new TopicPartition(deadLetters, 0), RecordsToDelete.beforeOffset(2)))
				.all()
				.get(10, TimeUnit.SECONDS);
		}
		assertThat(this.depth.depth(List.of(deadLetters))).containsExactly(Map.entry(deadLetters, 3L));
	}

	@Test
	void noTopicsNoReading() {
		assertThat(this.depth.depth(List.of())).isEmpty();
	}

	private static void send(String topic, int partition, String key) {
		TestKafka.sendRaw(new ProducerRecord<>(topic, partition, key, key.getBytes(StandardCharsets.UTF_8)));
	}

}
