package dev.kafkautils.autoconfigure.core;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;

/**
 * An admin client that kafka-utils keeps for one purpose (health, lag, dead-letter depth):
 * created on first use with the application's admin settings {@link AdminConfigs#bounded
 * bounded} by one timeout, then reused until closed. Created late because the admin
 * settings are Spring Boot's and because an application that never asks should not
 * connect; reused because a client per call costs a connection and a metadata fetch.
 * Closing is final only until the next {@link #get()}, which creates a new client.
 */
public final class LazyAdmin implements AutoCloseable {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

	private final Supplier<Map<String, Object>> adminConfig;

	private final Duration timeout;

	private final String purpose;

	private @Nullable Admin admin;

	/**
	 * @param adminConfig the application's admin client settings (from {@code KafkaAdmin})
	 * @param timeout the longest any call may take
	 * @param purpose appended to a configured client id, e.g. "health"
	 */
	public LazyAdmin(Supplier<Map<String, Object>> adminConfig, Duration timeout, String purpose) {
		this.adminConfig = adminConfig;
		this.timeout = timeout;
		this.purpose = purpose;
	}

	/**
	 * @return the admin client, created on the first call
	 */
	public synchronized Admin get() {
		if (this.admin == null) {
			this.admin = Admin.create(AdminConfigs.bounded(this.adminConfig.get(), this.timeout, this.purpose));
		}
		return this.admin;
	}

	@Override
	public synchronized void close() {
		if (this.admin != null) {
			this.admin.close(CLOSE_TIMEOUT);
			this.admin = null;
		}
	}

}
