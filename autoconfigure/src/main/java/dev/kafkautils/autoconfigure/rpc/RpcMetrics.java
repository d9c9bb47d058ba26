package dev.kafkautils.autoconfigure.rpc;

/**
 * Where request/reply outcomes are recorded. The Micrometer implementation
 * ({@link MicrometerRpcMetrics}) is used when a meter registry is present and
 * {@code kafka.utils.metrics.enabled} is not {@code false}; otherwise nothing is
 * recorded. Clients ask for their meters once, when they are built.
 */
public interface RpcMetrics {

	/** Records nothing. */
	RpcMetrics NONE = new RpcMetrics() {

		@Override
		public ClientMeters client(String requestTopic) {
			return ClientMeters.NONE;
		}

		@Override
		public void expired(String topic, String group) {
		}

	};

	/**
	 * The meters of one client, built once per client.
	 * @param requestTopic the physical request topic
	 * @return the client's meters
	 */
	ClientMeters client(String requestTopic);

	/**
	 * Count a request a server skipped because its deadline had passed.
	 * @param topic the physical request topic
	 * @param group the server's consumer group
	 */
	void expired(String topic, String group);

	/** How a request ended. */
	enum Outcome {

		/** A reply arrived and was read. */
		SUCCESS("success"),

		/** The server answered with an error reply. */
		ERROR("error"),

		/** No reply arrived in time. */
		TIMEOUT("timeout"),

		/** The request could not be sent, or its reply not read. */
		FAILURE("failure");

		private final String tag;

		Outcome(String tag) {
			this.tag = tag;
		}

		/**
		 * @return the outcome tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

	/** One client's meters. */
	interface ClientMeters {

		/** Records nothing. */
		ClientMeters NONE = new ClientMeters() {

			@Override
			public void completed(Outcome outcome, long elapsedNanos) {
			}

			@Override
			public void lateReply() {
			}

		};

		/**
		 * Record a finished request.
		 * @param outcome how it ended
		 * @param elapsedNanos time from the call to the outcome
		 */
		void completed(Outcome outcome, long elapsedNanos);

		/** Count a reply that arrived after its request had timed out. */
		void lateReply();

	}

}
