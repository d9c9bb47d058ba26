package dev.kafkautils.autoconfigure.core;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * The one admin client of kafka-utils' start-up work: the connection check and topic
 * provisioning share it, so start-up pays for creating a Kafka client and connecting once.
 * Created on first use with the application's admin settings ({@code KafkaAdmin}'s);
 * callers bound each call with their own timeout. Once the context has refreshed (every
 * lifecycle bean, provisioning included, has started), the client is closed on a
 * background thread, so that waiting for its network thread to end is not part of
 * start-up; a later {@link #get()} creates a new one.
 */
public final class StartupAdmin implements ApplicationListener<ContextRefreshedEvent>, DisposableBean {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final Supplier<Map<String, Object>> adminConfig;

	private @Nullable Admin admin;

	/**
	 * @param adminConfig the application's admin client settings
	 */
	public StartupAdmin(Supplier<Map<String, Object>> adminConfig) {
		this.adminConfig = adminConfig;
	}

	/**
	 * @return the admin client, created on the first call
	 */
	public synchronized Admin get() {
		if (this.admin == null) {
			this.admin = Admin.create(AdminConfigs.withPurpose(this.adminConfig.get(), "startup"));
		}
		return this.admin;
	}

	/** Closes the client, if there is one, on a background thread. */
	public void release() {
		Admin released = take();
		if (released != null) {
			Thread closer = new Thread(() -> released.close(CLOSE_TIMEOUT), "kafka-utils-startup-admin-close");
			closer.setDaemon(true);
			closer.start();
		}
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		release();
	}

	@Override
	public void destroy() {
		Admin released = take();
		if (released != null) {
			released.close(CLOSE_TIMEOUT);
		}
	}

	private synchronized @Nullable Admin take() {
		Admin taken = this.admin;
		this.admin = null;
		return taken;
	}

}
