package dev.kafkautils.autoconfigure.registry;

/**
 * Where registry requests and cache misses are recorded. The Micrometer implementation
 * ({@link MicrometerSchemaRegistryMetrics}) is used when a meter registry is present and
 * {@code kafka.utils.metrics.enabled} is not {@code false}; otherwise nothing is recorded.
 */
public interface SchemaRegistryMetrics {

	/** Records nothing. */
	SchemaRegistryMetrics NONE = new SchemaRegistryMetrics() {

		@Override
		public void request(Operation operation, Outcome outcome, long elapsedNanos) {
		}

		@Override
		public void cacheMiss(Operation operation) {
		}

	};

	/**
	 * Record one HTTP request to the registry (each retry and each URL tried is one).
	 * @param operation what the request was for
	 * @param outcome how it ended
	 * @param elapsedNanos time from sending the request to its answer or failure
	 */
	void request(Operation operation, Outcome outcome, long elapsedNanos);

	/**
	 * Count a call the client's cache could not answer, so that it went to the registry.
	 * @param operation the call
	 */
	void cacheMiss(Operation operation);

	/** The registry calls, by the tag value they are recorded with. */
	enum Operation {

		/** {@code POST /subjects/{subject}/versions}. */
		REGISTER("register"),

		/** {@code POST /subjects/{subject}}. */
		LOOKUP("lookup"),

		/** {@code GET /schemas/ids/{id}}. */
		SCHEMA_BY_ID("schema-by-id"),

		/** {@code GET /schemas/guids/{guid}}. */
		SCHEMA_BY_GUID("schema-by-guid"),

		/** {@code GET /subjects/{subject}/versions/{version}}. */
		VERSION("version"),

		/** {@code POST /compatibility/subjects/{subject}/versions/latest}. */
		CHECK_COMPATIBILITY("check-compatibility"),

		/** {@code GET /config/{subject}}. */
		GET_COMPATIBILITY("get-compatibility"),

		/** {@code PUT /config/{subject}}. */
		SET_COMPATIBILITY("set-compatibility"),

		/** {@code GET /config}: the reachability check of start-up and health. */
		PING("ping");

		private final String tag;

		Operation(String tag) {
			this.tag = tag;
		}

		/** @return the operation tag value */
		public String tag() {
			return this.tag;
		}

	}

	/** How a request ended. */
	enum Outcome {

		/** A 2xx answer. */
		SUCCESS("success"),

		/** A 404 answer: no such subject, version or schema. */
		NOT_FOUND("not-found"),

		/** Another 4xx answer, such as an incompatible or invalid schema. */
		CLIENT_ERROR("client-error"),

		/** A 5xx answer. */
		SERVER_ERROR("server-error"),

		/** No answer: the connection failed or timed out. */
		UNREACHABLE("unreachable");

		private final String tag;

		Outcome(String tag) {
			this.tag = tag;
		}

		/** @return the outcome tag value */
		public String tag() {
			return this.tag;
		}

		static Outcome of(int status) {
			if (status < 400) {
				return SUCCESS;
			}
			if (status == 404) {
				return NOT_FOUND;
			}
			return (status < 500) ? CLIENT_ERROR : SERVER_ERROR;
		}

	}

}
