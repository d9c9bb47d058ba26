package dev.kafkautils.devbroker;

import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

/**
 * Where the dev broker listens. It has a single plaintext listener, whatever
 * {@code spring.kafka.security.protocol} says.
 */
final class DevBrokerConnectionDetails implements KafkaConnectionDetails {

	private final List<String> bootstrapServers;

	DevBrokerConnectionDetails(DevKafkaBroker broker) {
		this.bootstrapServers = List.of(broker.getBootstrapServers().split(","));
	}

	@Override
	public List<String> getBootstrapServers() {
		return this.bootstrapServers;
	}

	@Override
	public String getSecurityProtocol() {
		return "PLAINTEXT";
	}

}
