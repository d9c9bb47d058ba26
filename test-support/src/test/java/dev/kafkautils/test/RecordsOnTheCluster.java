package dev.kafkautils.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/** Plain kafka-clients producers and consumers on a test's cluster. */
final class RecordsOnTheCluster {

	private RecordsOnTheCluster() {
	}

	/** Send values with acks=all and wait for each acknowledgement. */
	static void send(KafkaCluster cluster, String topic, List<String> values) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			for (String value : values) {
				producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
			}
			producer.flush();
		}
	}

	/** Read partition 0 of a topic from its start until {@code count} values came. */
	static List<String> read(KafkaCluster cluster, String topic, int count) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			return read(consumer, topic, count);
		}
	}

	static List<String> read(Consumer<String, String> consumer, String topic, int count) {
		TopicPartition partition = new TopicPartition(topic, 0);
		consumer.assign(List.of(partition));
		consumer.seekToBeginning(List.of(partition));
		List<String> values = new ArrayList<>();
		await("records of " + topic).atMost(Duration.ofSeconds(30)).until(() -> {
			for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
				values.add(record.value());
			}
			return values.size() >= count;
		});
		return values;
	}

}
