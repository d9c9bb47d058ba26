package dev.kafkautils.autoconfigure.registry;

import org.jspecify.annotations.Nullable;

/**
 * A registry request that failed: an error answer ({@link #status()} and the Confluent
 * {@link #errorCode()}, such as 40401 subject not found, 40403 schema not found, 40901 or
 * Apicurio's 409 incompatible, 42201 invalid schema), or no registry reachable
 * ({@link #status()} 0).
 */
public class SchemaRegistryException extends RuntimeException {

	private final String url;

	private final int status;

	private final int errorCode;

	/**
	 * Creates an exception for a failed request.
	 * @param url the URL of the request (without credentials)
	 * @param status the HTTP status, or 0 when no answer came
	 * @param errorCode the Confluent error code of the answer, or 0 when it has none
	 * @param message the registry's message, or a description of the failure
	 * @param cause the cause, if any
	 */
	public SchemaRegistryException(String url, int status, int errorCode, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.url = url;
		this.status = status;
		this.errorCode = errorCode;
	}

	/** @return the URL of the request */
	public String url() {
		return this.url;
	}

	/** @return the HTTP status, or 0 when no answer came */
	public int status() {
		return this.status;
	}

	/** @return the Confluent error code, or 0 when the answer had none */
	public int errorCode() {
		return this.errorCode;
	}

	/** @return whether the answer says the subject, version or schema does not exist */
	public boolean isNotFound() {
		return this.status == 404;
	}

	/**
	 * @return whether the answer says the schema is incompatible with the subject: HTTP
	 * 409 with Confluent's error code 40901 or Apicurio's 409
	 */
	public boolean isIncompatible() {
		return this.status == 409 && (this.errorCode == 40901 || this.errorCode == 409);
	}

}
