package dev.kafkautils.devbroker;

import java.util.List;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.Environment;

/**
 * Keeps the dev broker's own logging to warnings: at INFO, its storage, controller,
 * coordinator and partition loggers write thousands of lines a run that say nothing about
 * the application. Only the broker's loggers are raised (the application's Kafka clients
 * log as configured), only while the dev broker is used, and never one the application
 * configured itself ({@code logging.level.<name>}). {@code kafka.utils.devbroker.quiet=false}
 * leaves them all alone.
 */
final class BrokerLogLevels {

	/** The broker-side loggers: Kafka's server, storage, controller, raft and coordinators. */
	static final List<String> BROKER_LOGGERS = List.of("kafka", "state.change.logger", "org.apache.kafka.controller",
			"org.apache.kafka.coordinator", "org.apache.kafka.image", "org.apache.kafka.metadata",
			"org.apache.kafka.raft", "org.apache.kafka.server", "org.apache.kafka.storage", "org.apache.kafka.queue",
			"org.apache.kafka.network", "org.apache.kafka.security");

	private BrokerLogLevels() {
	}

	static void applyTo(Environment environment) {
		LoggingSystem loggingSystem = LoggingSystem.get(BrokerLogLevels.class.getClassLoader());
		for (String name : BROKER_LOGGERS) {
			if (!environment.containsProperty("logging.level." + name)) {
				loggingSystem.setLogLevel(name, LogLevel.WARN);
			}
		}
	}

}
