package dev.kafkautils.devbroker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.utils.Exit;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single-node KRaft broker (controller and broker in one) inside this JVM, on a free
 * loopback port, with one partition per auto-created topic: spring-kafka-test's
 * {@link EmbeddedKafkaKraftBroker}, started and stopped for an application rather than a
 * test.
 * <p>
 * It stops as the last of the application's Kafka beans: the connection details depend
 * on it, and Spring destroys a bean only after every bean that depends on it (the
 * producer, consumer and admin factories, and through them the templates and listener
 * containers), so no client is left talking to a stopped broker.
 * <p>
 * Kafka's test kit deletes the broker's temporary directories from JVM shutdown hooks of
 * its own, which run in parallel with Spring's and would pull the data away from a broker
 * that is still serving the application's last requests. This class takes those hooks
 * over while the broker starts and runs them itself once the broker has stopped.
 */
public class DevKafkaBroker implements InitializingBean, DisposableBean {

	private static final Object SHUTDOWN_HOOKS_LOCK = new Object();

	private static final String DOUBLE_CLOSE_LOGGER = "org.apache.kafka.clients.NetworkClient";

	private final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);

	private final List<Runnable> cleanUps = new ArrayList<>();

	private @Nullable String bootstrapServers;

	public DevKafkaBroker() {
		// By default the broker publishes its address as the JVM-wide system property
		// spring.kafka.bootstrap-servers, which would switch the dev broker off for every
		// later context in this JVM and point them at this broker. Publish it under the
		// name it always sets anyway instead.
		this.broker.brokerListProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
		// share groups (KIP-932) keep their state in an internal topic that asks for three
		// replicas by default: on one node it could never be created
		this.broker.brokerProperties(Map.of("share.coordinator.state.topic.replication.factor", "1",
				"share.coordinator.state.topic.min.isr", "1"));
	}

	@Override
	public void afterPropertiesSet() {
		synchronized (SHUTDOWN_HOOKS_LOCK) {
			Exit.setShutdownHookAdder((name, hook) -> this.cleanUps.add(hook));
			try {
				// formatting the storage prints "Formatting metadata directory ..." and
				// "Bootstrap metadata: ..." to System.out; nothing else is dropped
				StorageFormattingOutput.dropDuring(this.broker::afterPropertiesSet);
			}
			finally {
				Exit.resetShutdownHookAdder();
			}
		}
		this.bootstrapServers = this.broker.getBrokersAsString();
	}

	/**
	 * Where the broker listens.
	 * @return {@code host:port}, comma-separated
	 */
	public String getBootstrapServers() {
		if (this.bootstrapServers == null) {
			throw new IllegalStateException("The dev broker has not been started");
		}
		return this.bootstrapServers;
	}

	@Override
	public void destroy() {
		quietly(this.broker::destroy);
		this.cleanUps.forEach(Runnable::run);
		this.cleanUps.clear();
		if (this.bootstrapServers != null
				&& this.bootstrapServers.equals(System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS))) {
			System.clearProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
		}
	}

	/**
	 * Stops the broker without its one warning on a clean stop: the broker's own
	 * controller channel closes its network client twice and says so. The application's
	 * clients have all been closed by then, so the level raised for that logger while the
	 * broker stops hides nothing of theirs.
	 */
	private static void quietly(Runnable stop) {
		LoggingSystem logging = LoggingSystem.get(DevKafkaBroker.class.getClassLoader());
		LoggerConfiguration configuration = logging.getLoggerConfiguration(DOUBLE_CLOSE_LOGGER);
		@Nullable LogLevel configured = (configuration != null) ? configuration.getConfiguredLevel() : null;
		logging.setLogLevel(DOUBLE_CLOSE_LOGGER, LogLevel.ERROR);
		try {
			stop.run();
		}
		finally {
			logging.setLogLevel(DOUBLE_CLOSE_LOGGER, configured);
		}
	}

}
