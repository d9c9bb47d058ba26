package dev.kafkautils.reliability.support;

import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The input of the consuming scenarios: records keyed {@code order-<n>}, sent with a
 * plain Kafka producer ({@code acks=all}) before the service under test reads them.
 */
public final class OrderRecords {

	private OrderRecords() {
	}

	/**
	 * Sends {@code order-0} to {@code order-<count - 1>} and waits until all are acknowledged.
	 * @param bootstrapServers the cluster
	 * @param topic the topic
	 * @param count how many records
	 */
	public static void send(String bootstrapServers, String topic, int count) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < count; i++) {
				producer.send(new ProducerRecord<>(topic, id(i), "payload-" + i));
			}
			producer.flush();
		}
	}

	/**
	 * @param i the record's number
	 * @return its id, the record key
	 */
	public static String id(int i) {
		return "order-" + i;
	}

}
