package dev.kafkautils.autoconfigure.client;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;

/**
 * Thrown at start-up when the Kafka cluster answered but refused this application's
 * credentials: a wrong SASL login, or a TLS handshake that failed.
 */
public class KafkaAuthenticationException extends KafkaException {

	private final String bootstrapServers;

	private final String securityProtocol;

	private final @Nullable String saslMechanism;

	/**
	 * @param bootstrapServers the cluster's addresses
	 * @param securityProtocol the clients' {@code security.protocol}
	 * @param saslMechanism the clients' {@code sasl.mechanism}, if SASL is used
	 * @param cause the client's authentication error
	 */
	public KafkaAuthenticationException(String bootstrapServers, String securityProtocol,
			@Nullable String saslMechanism, Throwable cause) {
		super("Kafka cluster at " + bootstrapServers + " refused the credentials (" + securityProtocol
				+ ((saslMechanism != null) ? ", " + saslMechanism : "") + "): " + cause.getMessage(), cause);
		this.bootstrapServers = bootstrapServers;
		this.securityProtocol = securityProtocol;
		this.saslMechanism = saslMechanism;
	}

	public String getBootstrapServers() {
		return this.bootstrapServers;
	}

	public String getSecurityProtocol() {
		return this.securityProtocol;
	}

	public @Nullable String getSaslMechanism() {
		return this.saslMechanism;
	}

	/** Whether the clients authenticate with SASL (else the failure was in TLS). */
	public boolean isSasl() {
		return this.securityProtocol.startsWith("SASL");
	}

}
