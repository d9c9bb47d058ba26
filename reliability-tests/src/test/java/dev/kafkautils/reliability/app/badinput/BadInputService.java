package dev.kafkautils.reliability.app.badinput;

import java.nio.file.Paths;

import dev.kafkautils.reliability.app.badinput.proto.ProtoOrder;
import dev.kafkautils.reliability.support.ProcessedLog;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A service with a protobuf listener on {@code reliability.proto-topic} and a JSON
 * listener on {@code reliability.json-topic}, both declared with their types under
 * {@code kafka.utils.topics}. Each records every record it received in
 * {@code reliability.processed-file} as {@code topic:id/payload-id}: the id is the key up
 * to its first {@code |} (the rest pads oversized keys), the payload id the order's own id
 * where it is a plain word, else {@code ?} (a mutated record the parser accepted).
 */
@SpringBootApplication
public class BadInputService {

	@Bean(destroyMethod = "close")
	ProcessedLog processedLog(@Value("${reliability.processed-file}") String file) {
		return ProcessedLog.append(Paths.get(file));
	}

	@Bean
	Orders orders(ProcessedLog processed) {
		return new Orders(processed);
	}

	/** The listeners. */
	static class Orders {

		private final ProcessedLog processed;

		Orders(ProcessedLog processed) {
			this.processed = processed;
		}

		@KafkaListener(topics = "${reliability.proto-topic}", groupId = "bad-input-proto")
		void on(ProtoOrder order, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
				@Header(KafkaHeaders.RECEIVED_KEY) String key) {
			record(topic, key, order.getId());
		}

		@KafkaListener(topics = "${reliability.json-topic}", groupId = "bad-input-json")
		void on(JsonOrder order, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
				@Header(KafkaHeaders.RECEIVED_KEY) String key) {
			record(topic, key, order.id());
		}

		private void record(String topic, String key, String payloadId) {
			int end = key.indexOf('|');
			String id = (end < 0) ? key : key.substring(0, end);
			String plain = (payloadId != null && payloadId.matches("[a-z0-9-]+")) ? payloadId : "?";
			this.processed.record(topic + ":" + id + "/" + plain);
		}

	}

}
