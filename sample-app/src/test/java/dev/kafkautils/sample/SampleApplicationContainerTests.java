package dev.kafkautils.sample;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import dev.kafkautils.devbroker.DevKafkaBroker;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application against a Kafka container wired in with {@code @ServiceConnection}
 * (a {@code KafkaConnectionDetails} bean, no property). Skipped where Docker is not
 * available.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// a one-node cluster; the dev broker's max-replication default does not apply here
		properties = "kafka.utils.provisioning.max-replication=1")
class SampleApplicationContainerTests {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.0");

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void ordersMakeTheRoundTripThroughTheContainer() {
		assertThat(this.context.getBeanNamesForType(DevKafkaBroker.class)).isEmpty();
		new SampleAppClient(this.port).placeOrderAndAwaitConsumed("customer-4", 777, "EUR");
	}

}
