package dev.kafkautils.autoconfigure.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the Kafka cluster refused the application's
 * credentials, naming the properties that hold them. The analysis quotes the client's
 * error, which names the mechanism but never a password.
 */
class KafkaAuthenticationFailureAnalyzer extends AbstractFailureAnalyzer<KafkaAuthenticationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KafkaAuthenticationException cause) {
		String reason = (cause.getCause() != null) ? cause.getCause().getMessage() : cause.getMessage();
		String description = "The Kafka cluster at '" + cause.getBootstrapServers() + "' (spring.kafka.bootstrap-servers)"
				+ " refused this application's credentials (spring.kafka.security.protocol=" + cause.getSecurityProtocol()
				+ ((cause.getSaslMechanism() != null) ? ", SASL mechanism " + cause.getSaslMechanism() : "") + "): "
				+ reason;
		String action = cause.isSasl()
				? "Check the SASL login the brokers expect: the user and password in kafka.utils.security.sasl.jaas-config "
						+ "(or spring.kafka.properties.sasl.jaas-config, or spring.kafka.jaas.options.*) and the mechanism "
						+ "in kafka.utils.security.sasl.mechanism. With SASL_SSL, check spring.kafka.ssl.* too."
				: "Check the TLS settings: spring.kafka.ssl.trust-store-location (or trust-certificates) must hold "
						+ "the certificate authority of the brokers' certificates, and spring.kafka.ssl.key-store-location "
						+ "(or key-store-certificate-chain) a client certificate the brokers trust, where they ask for one.";
		return new FailureAnalysis(description, action, cause);
	}

}
