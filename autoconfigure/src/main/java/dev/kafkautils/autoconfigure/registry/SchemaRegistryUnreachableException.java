package dev.kafkautils.autoconfigure.registry;

import java.time.Duration;
import java.util.List;

/**
 * Thrown at start-up when no schema registry URL answered within
 * {@code kafka.utils.schema-registry.startup-timeout}, the registry refused the
 * credentials, or a URL is not the base of the Confluent-compatible API. The message names the URLs, without credentials.
 */
public class SchemaRegistryUnreachableException extends RuntimeException {

	private final List<String> urls;

	private final Duration timeout;

	public SchemaRegistryUnreachableException(List<String> urls, Duration timeout, SchemaRegistryException cause) {
		super(message(urls, timeout, cause), cause);
		this.urls = List.copyOf(urls);
		this.timeout = timeout;
	}

	/** @return the registry URLs that were tried, without credentials */
	public List<String> getUrls() {
		return this.urls;
	}

	/** @return how long start-up waited */
	public Duration getTimeout() {
		return this.timeout;
	}

	/** @return whether the registry answered but refused the credentials (HTTP 401 or 403) */
	public boolean isAuthenticationFailure() {
		int status = ((SchemaRegistryException) getCause()).status();
		return status == 401 || status == 403;
	}

	/** @return whether a URL answered with another 4xx: it is not the base of the Confluent-compatible API */
	public boolean isNotTheApi() {
		int status = ((SchemaRegistryException) getCause()).status();
		return status >= 400 && status < 500 && !isAuthenticationFailure();
	}

	private static String message(List<String> urls, Duration timeout, SchemaRegistryException cause) {
		if (cause.status() == 401 || cause.status() == 403) {
			return "Schema registry at " + cause.url() + " refused the credentials: " + cause.getMessage();
		}
		if (cause.status() >= 400 && cause.status() < 500) {
			return "No Confluent-compatible schema registry API at " + cause.url() + ": " + cause.getMessage();
		}
		return "No schema registry at " + urls + " answered within " + timeout + ": " + cause.getMessage();
	}

}
