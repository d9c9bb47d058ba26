package dev.kafkautils.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.jspecify.annotations.Nullable;

/**
 * The secured client listeners of a cluster's nodes, besides the plaintext listener the
 * nodes keep for each other, the controllers and tests: a {@code SASL_PLAINTEXT} listener
 * with SCRAM users, an {@code SSL} listener with a certificate, or both. Each listener is
 * named after its protocol.
 *
 * @param saslMechanism the SCRAM mechanism of the {@code SASL_PLAINTEXT} listener, or
 * {@code null} without one
 * @param scramUsers user name to password, created when the storage is formatted
 * @param certificate the certificate of the {@code SSL} listener, or {@code null} without
 * one
 */
record ClientListeners(@Nullable String saslMechanism, Map<String, String> scramUsers,
		@Nullable BrokerCertificate certificate) {

	static final ClientListeners NONE = new ClientListeners(null, Map.of(), null);

	ClientListeners {
		scramUsers = Collections.unmodifiableMap(new LinkedHashMap<>(scramUsers));
	}

	/** The secured protocols, in the order of their ports. */
	List<SecurityProtocol> protocols() {
		List<SecurityProtocol> protocols = new ArrayList<>();
		if (this.saslMechanism != null) {
			protocols.add(SecurityProtocol.SASL_PLAINTEXT);
		}
		if (this.certificate != null) {
			protocols.add(SecurityProtocol.SSL);
		}
		return protocols;
	}

	/** The broker settings of the secured listeners. */
	Map<String, String> serverProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		if (this.saslMechanism != null) {
			String prefix = "listener.name." + SecurityProtocol.SASL_PLAINTEXT.name.toLowerCase() + ".";
			properties.put("sasl.enabled.mechanisms", this.saslMechanism);
			properties.put(prefix + "sasl.enabled.mechanisms", this.saslMechanism);
			properties.put(prefix + this.saslMechanism.toLowerCase() + ".sasl.jaas.config",
					"org.apache.kafka.common.security.scram.ScramLoginModule required;");
		}
		if (this.certificate != null) {
			String prefix = "listener.name." + SecurityProtocol.SSL.name.toLowerCase() + ".";
			properties.put(prefix + "ssl.keystore.type", "PKCS12");
			properties.put(prefix + "ssl.keystore.location", this.certificate.keyStore().toString());
			properties.put(prefix + "ssl.keystore.password", this.certificate.password());
			properties.put(prefix + "ssl.key.password", this.certificate.password());
		}
		return properties;
	}

	/** The storage tool's {@code --add-scram} arguments, one pair per user. */
	List<String> formatArguments() {
		List<String> arguments = new ArrayList<>();
		this.scramUsers.forEach((user, password) -> {
			arguments.add("--add-scram");
			arguments.add(this.saslMechanism + "=[name=" + user + ",password=" + password + "]");
		});
		return arguments;
	}

}
