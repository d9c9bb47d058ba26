package dev.kafkautils.test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application in a {@code @KafkaBrokers} class reaches the brokers through
 * the {@link KafkaConnectionDetails} the extension provides, even where a
 * {@code spring.kafka.bootstrap-servers} property points elsewhere. One instance for the
 * class: JUnit makes it, and Spring loads its context, before any {@code beforeAll}, so the
 * cluster must be up by then.
 */
@KafkaBrokers
@TestInstance(Lifecycle.PER_CLASS)
@SpringBootTest(classes = KafkaBrokersSpringBootTests.App.class,
		properties = "spring.kafka.bootstrap-servers=127.0.0.1:1")
class KafkaBrokersSpringBootTests {

	@Autowired
	private KafkaConnectionDetails connectionDetails;

	@Autowired
	private KafkaTemplate<String, String> template;

	@Autowired
	private ConsumerFactory<String, String> consumerFactory;

	@Test
	void connectionDetailsPointAtTheBrokers(KafkaCluster cluster) {
		assertThat(this.connectionDetails.getBootstrapServers()).containsExactly(cluster.bootstrapServers());
		assertThat(this.connectionDetails.getSecurityProtocol()).isEqualTo("PLAINTEXT");
	}

	@Test
	void kafkaTemplateRoundTripsARecord(KafkaCluster cluster) throws Exception {
		cluster.createTopics(1, "spring-greetings");
		this.template.send("spring-greetings", "key", "hello from Spring").get(30, TimeUnit.SECONDS);
		try (Consumer<String, String> consumer = this.consumerFactory.createConsumer("round-trip", "round-trip")) {
			assertThat(RecordsOnTheCluster.read(consumer, "spring-greetings", 1))
				.isEqualTo(List.of("hello from Spring"));
		}
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(KafkaAutoConfiguration.class)
	static class App {

	}

}
