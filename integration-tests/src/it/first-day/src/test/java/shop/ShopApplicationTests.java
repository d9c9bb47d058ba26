package shop;

import java.time.Duration;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.test.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With no Kafka properties: the dev broker, typed sending and receiving, and a dead-lettered record. */
@SpringBootTest
class ShopApplicationTests {

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private ShopApplication.Payments payments;

	@Autowired
	private KafkaConnectionDetails connectionDetails;

	@Test
	void paymentIsTakenAndABadOneIsDeadLettered() {
		this.template.sendAndWait("payments", "p-1", new ShopApplication.Payment("p-1", 1250));
		this.template.sendAndWait("payments", "p-2", new ShopApplication.Payment("p-2", -5));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.payments.taken.contains("p-1"));
		TopicRecords records = TopicRecords.of(String.join(",", this.connectionDetails.getBootstrapServers()));
		ConsumerRecord<String, byte[]> dead = records.await("dlq.payments", (record) -> "p-2".equals(record.key()),
				Duration.ofSeconds(60));
		assertThat(TopicRecords.header(dead, "kafka_dlt-reason")).contains("retries-exhausted");
		assertThat(TopicRecords.header(dead, "kafka_dlt-exception-message")).contains("negative amount in p-2");
		assertThat(this.payments.taken).doesNotContain("p-2");
	}

}
