package dev.kafkautils.autoconfigure.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static org.awaitility.Awaitility.await;

/**
 * The module's shared embedded broker (started once per test run by spring-kafka-test's
 * global embedded Kafka listener) and raw-client helpers to prepare and inspect topics
 * independently of the code under test.
 */
public final class TestKafka {

	private TestKafka() {
	}

	public static String bootstrapServers() {
		String brokers = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
		if (brokers == null) {
			throw new IllegalStateException("The global embedded broker is not running: "
					+ "spring.kafka.global.embedded.enabled must be true in junit-platform.properties");
		}
		return brokers;
	}

	/** The property that points Spring Boot at the shared broker. */
	public static String bootstrapProperty() {
		return "spring.kafka.bootstrap-servers=" + bootstrapServers();
	}

	/** A topic name no other test uses. */
	public static String uniqueTopic(String base) {
		return base + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Create topics and wait until every partition answers an offset lookup: an
	 * idempotent producer that sends the instant a new topic gets its leader can lose its
	 * first batch (KAFKA-15591).
	 */
	public static void createTopics(int partitions, String... names) {
		try (Admin admin = admin()) {
			List<NewTopic> topics = Arrays.stream(names).map((name) -> new NewTopic(name, partitions, (short) 1)).toList();
			admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			for (String name : names) {
				for (int p = 0; p < partitions; p++) {
					request.put(new TopicPartition(name, p), OffsetSpec.latest());
				}
			}
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> admin.listOffsets(request).all().get(5, TimeUnit.SECONDS) != null);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create topics " + Arrays.toString(names), ex);
		}
	}

	public static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	/** Send raw bytes with a plain producer, bypassing kafka-utils. */
	public static void sendRaw(ProducerRecord<String, byte[]> record) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
			producer.send(record).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Raw send to " + record.topic() + " failed", ex);
		}
	}

	/**
	 * Read a topic from the beginning with a plain consumer until {@code count} records
	 * arrived or the timeout passed.
	 */
	public static List<ConsumerRecord<String, byte[]>> readRaw(String topic, int count, Duration timeout) {
		return read(topic, count, timeout, StringDeserializer.class);
	}

	/** Like {@link #readRaw}, with the keys as bytes too. */
	public static List<ConsumerRecord<byte[], byte[]>> readRawBytes(String topic, int count, Duration timeout) {
		return read(topic, count, timeout, ByteArrayDeserializer.class);
	}

	private static <K> List<ConsumerRecord<K, byte[]>> read(String topic, int count, Duration timeout,
			Class<?> keyDeserializer) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<ConsumerRecord<K, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<K, byte[]> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + timeout.toNanos();
			while (records.size() < count && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}

	/** The value of the last header with this name, as UTF-8 text. */
	public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
		return Optional.ofNullable(record.headers().lastHeader(name))
			.map((header) -> new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
	}

}