package dev.kafkautils.sample.devbroker;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the dev broker stays off. That it starts without bootstrap servers is shown by
 * {@code SampleApplicationTests}, which needs the running broker anyway.
 */
class DevKafkaBrokerConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(DevKafkaBrokerConfiguration.class);

	@Test
	void offWhenBootstrapServersAreSet() {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers=kafka-1:9092")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedKafkaKraftBroker.class)
				.doesNotHaveBean(KafkaConnectionDetails.class));
	}

	@Test
	void offWhenBootstrapServersAreSetAsIndexedList() {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers[0]=kafka-1:9092")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedKafkaKraftBroker.class));
	}

	@Test
	void offWhenConnectionDetailsAreAlreadyRegistered() {
		// what @ServiceConnection registers before configuration classes are parsed
		KafkaConnectionDetails container = () -> List.of("container:9092");
		this.runner.withBean(KafkaConnectionDetails.class, () -> container)
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedKafkaKraftBroker.class)
				.getBean(KafkaConnectionDetails.class)
				.isSameAs(container));
	}

}
