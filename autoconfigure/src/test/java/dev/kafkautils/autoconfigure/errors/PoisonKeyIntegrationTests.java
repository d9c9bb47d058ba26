package dev.kafkautils.autoconfigure.errors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key that its (application-chosen) deserializer rejects: the record goes to the
 * dead-letter topic with its raw key bytes and the partition moves on.
 */
@SpringBootTest(classes = PoisonKeyIntegrationTests.App.class,
		properties = { "spring.application.name=poison-key-it", "spring.kafka.consumer.group-id=poison-key-it",
				"kafka.utils.provisioning.enabled=false",
				"spring.kafka.consumer.key-deserializer=org.apache.kafka.common.serialization.LongDeserializer" })
class PoisonKeyIntegrationTests {

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(1, "long-keys", "dlq.long-keys", "long-keys-batch", "dlq.long-keys-batch");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private Keys keys;

	@Test
	void undeserialisableKeyIsDeadLetteredWithItsRawBytes() throws Exception {
		byte[] badKey = "not-a-long".getBytes(StandardCharsets.UTF_8);
		byte[] goodKey = ByteBuffer.allocate(Long.BYTES).putLong(42L).array();
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>("long-keys", badKey, "first".getBytes(StandardCharsets.UTF_8)))
				.get(10, TimeUnit.SECONDS);
			producer.send(new ProducerRecord<>("long-keys", goodKey, "second".getBytes(StandardCharsets.UTF_8)))
				.get(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.keys.seen.contains(42L));
		ConsumerRecord<byte[], byte[]> dead = await().atMost(Duration.ofSeconds(30))
			.until(() -> TestKafka.readRawBytes("dlq.long-keys", 1, Duration.ofMillis(500)), (list) -> !list.isEmpty())
			.get(0);
		assertThat(dead.key()).isEqualTo(badKey);
		assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("first");
		assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_KEY_EXCEPTION_MESSAGE)).isNotNull();
		assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
			.isEqualTo("undeserialisable");
		assertThat(this.keys.seen).containsExactly(42L);
	}

	@Test
	void undeserialisableKeyIsTakenOutOfABatchAndDeadLetteredWithItsRawBytes() throws Exception {
		byte[] badKey = "not-a-long".getBytes(StandardCharsets.UTF_8);
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>("long-keys-batch", longKey(41), "41".getBytes(StandardCharsets.UTF_8)));
			producer.send(new ProducerRecord<>("long-keys-batch", badKey, "bad".getBytes(StandardCharsets.UTF_8)));
			producer.send(new ProducerRecord<>("long-keys-batch", longKey(43), "43".getBytes(StandardCharsets.UTF_8)))
				.get(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.keys.batched.size() == 2);
		ConsumerRecord<byte[], byte[]> dead = await().atMost(Duration.ofSeconds(30))
			.until(() -> TestKafka.readRawBytes("dlq.long-keys-batch", 1, Duration.ofMillis(500)),
					(list) -> !list.isEmpty())
			.get(0);
		assertThat(dead.key()).isEqualTo(badKey);
		assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("bad");
		assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
			.isEqualTo("undeserialisable");
		assertThat(this.keys.batched).containsExactly("41=41", "43=43");
	}

	private static byte[] longKey(long key) {
		return ByteBuffer.allocate(Long.BYTES).putLong(key).array();
	}

	@Component
	static class Keys {

		final Set<Long> seen = ConcurrentHashMap.newKeySet();

		final List<String> batched = new CopyOnWriteArrayList<>();

		@KafkaListener(topics = "long-keys-batch", batch = "true")
		void onBatch(List<String> values, @Header(KafkaHeaders.RECEIVED_KEY) List<Long> keys) {
			for (int i = 0; i < values.size(); i++) {
				this.batched.add(keys.get(i) + "=" + values.get(i));
			}
		}

		@KafkaListener(topics = "long-keys")
		void on(String value, @Header(KafkaHeaders.RECEIVED_KEY) Long key) {
			this.seen.add(key);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Keys.class)
	static class App {

	}

}
