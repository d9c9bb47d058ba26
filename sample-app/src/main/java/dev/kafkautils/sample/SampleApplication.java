package dev.kafkautils.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small order service built on the kafka-utils starter: a REST endpoint publishes
 * {@code OrderCreated} (protobuf) and {@code OrderAudit} (JSON) records and listeners
 * consume both. Without {@code spring.kafka.bootstrap-servers} it runs against a Kafka
 * broker started inside the same JVM.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
