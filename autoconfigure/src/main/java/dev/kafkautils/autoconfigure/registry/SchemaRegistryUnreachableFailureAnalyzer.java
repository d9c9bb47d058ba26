package dev.kafkautils.autoconfigure.registry;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because the schema registry did not answer, refused
 * the credentials, or is not at the URL's path.
 */
class SchemaRegistryUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SchemaRegistryUnreachableException> {

	private static final String PREFIX = SchemaRegistryProperties.PREFIX;

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SchemaRegistryUnreachableException cause) {
		if (cause.isAuthenticationFailure()) {
			String description = "The schema registry at " + cause.getUrls() + " (" + PREFIX + ".url) refused the "
					+ "credentials: " + cause.getCause().getMessage();
			String action = "Check " + PREFIX + ".authentication.username and .password, or "
					+ PREFIX + ".authentication.bearer-token, and the registry's permissions for them.";
			return new FailureAnalysis(description, action, cause);
		}
		if (cause.isNotTheApi()) {
			String description = "The schema registry URL " + cause.getUrls() + " (" + PREFIX + ".url) does not "
					+ "serve the Confluent-compatible REST API: " + cause.getCause().getMessage();
			String action = "Set " + PREFIX + ".url to the API's base URL: for Confluent, Redpanda and Karapace "
					+ "the server's root (http://host:8081), for Apicurio http://host:8080/apis/ccompat/v7.";
			return new FailureAnalysis(description, action, cause);
		}
		String description = "No schema registry at " + cause.getUrls() + " (" + PREFIX + ".url) answered within "
				+ cause.getTimeout() + " (" + PREFIX + ".startup-timeout): " + cause.getCause().getMessage();
		String action = "Check that the registry is running and reachable from this host, and that " + PREFIX
				+ ".url points at its Confluent-compatible API (for Apicurio: http://host:8080/apis/ccompat/v7) and "
				+ PREFIX + ".ssl-bundle fits its certificate. To start without a registry, remove " + PREFIX
				+ ".url or set " + PREFIX + ".enabled=false.";
		return new FailureAnalysis(description, action, cause);
	}

}
