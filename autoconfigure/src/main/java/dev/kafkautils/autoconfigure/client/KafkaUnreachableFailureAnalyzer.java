package dev.kafkautils.autoconfigure.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the Kafka cluster did not answer.
 */
class KafkaUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<KafkaUnreachableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KafkaUnreachableException cause) {
		String description = "The Kafka cluster at '" + cause.getBootstrapServers() + "' (spring.kafka.bootstrap-servers)"
				+ " did not answer within " + cause.getTimeout() + " (kafka.utils.client.verify-timeout).";
		String action = "Check that the brokers are running and reachable from this host, and that "
				+ "spring.kafka.bootstrap-servers and the security settings are right. To start without a cluster, "
				+ "set kafka.utils.client.verify-connection=false and kafka.utils.provisioning.enabled=false: "
				+ "topics are then neither created nor checked, and listeners and sends wait for the cluster.";
		return new FailureAnalysis(description, action, cause);
	}

}
