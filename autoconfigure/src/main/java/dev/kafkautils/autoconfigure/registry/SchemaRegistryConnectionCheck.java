package dev.kafkautils.autoconfigure.registry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The start-up check that a registry answers: each URL in turn is asked once
 * ({@link HttpSchemaRegistryClient#ping}) until one answers, for at most the start-up
 * timeout, so a wrong or unreachable URL fails start-up within a bounded time naming
 * the URLs. A registry that refuses the credentials, or a URL that answers with another
 * 4xx (not the API's base URL), fails it at once.
 */
final class SchemaRegistryConnectionCheck {

	private static final Log logger = LogFactory.getLog(SchemaRegistryConnectionCheck.class);

	private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private SchemaRegistryConnectionCheck() {
	}

	static void verify(HttpSchemaRegistryClient client, Duration timeout, Duration readTimeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		SchemaRegistryException last = null;
		while (true) {
			for (int i = 0; i < client.urls().size(); i++) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw failure(client, timeout, last);
				}
				try {
					client.ping(i, Duration.ofNanos(Math.min(left, readTimeout.toNanos())));
					logger.debug("Schema registry at " + client.urls().get(i) + " answered");
					return;
				}
				catch (SchemaRegistryException ex) {
					if (isFinal(ex.status())) {
						throw new SchemaRegistryUnreachableException(client.urls(), timeout, ex);
					}
					if (Thread.currentThread().isInterrupted()) {
						throw new SchemaRegistryUnreachableException(client.urls(), timeout, ex);
					}
					last = ex;
				}
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw failure(client, timeout, last);
			}
			try {
				TimeUnit.NANOSECONDS.sleep(Math.min(left, PAUSE_NANOS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw failure(client, timeout, last);
			}
		}
	}

	/**
	 * A 4xx answer does not change by waiting (refused credentials, or a URL that is not
	 * the base of the Confluent-compatible API), except a timeout or too many requests.
	 */
	private static boolean isFinal(int status) {
		return status >= 400 && status < 500 && status != 408 && status != 429;
	}

	private static SchemaRegistryUnreachableException failure(HttpSchemaRegistryClient client, Duration timeout,
			@Nullable SchemaRegistryException last) {
		SchemaRegistryException cause = (last != null) ? last : new SchemaRegistryException(
				String.join(", ", client.urls()), 0, 0, "no attempt fitted in the time", null);
		return new SchemaRegistryUnreachableException(client.urls(), timeout, cause);
	}

}
