package dev.kafkautils.autoconfigure.client;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.utils.AppInfoParser;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Loads and initialises the Kafka client classes on a background thread while the
 * application context is being prepared, as Spring Boot's own background
 * pre-initializer does for other libraries: the first Kafka client of a start (the
 * connection check's) otherwise spends hundreds of milliseconds in class loading and
 * static initialisation (configuration definitions, the protocol's message schemas,
 * metrics) on the main thread. Only classes are initialised: no client is created and
 * nothing connects.
 * <p>
 * Skipped with one processor, when Spring Boot's pre-initializer is turned off
 * ({@code spring.backgroundpreinitializer.ignore=true}), or with
 * {@code kafka.utils.client.preinitialize=false}.
 */
public final class KafkaClientPreinitializer implements ApplicationListener<SpringApplicationEvent> {

	private static final String BOOT_IGNORE = "spring.backgroundpreinitializer.ignore";

	private static final String ENABLED = "kafka.utils.client.preinitialize";

	private static final AtomicBoolean started = new AtomicBoolean();

	@Override
	public void onApplicationEvent(SpringApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared && enabled(prepared.getEnvironment())
				&& started.compareAndSet(false, true)) {
			Thread thread = new Thread(KafkaClientPreinitializer::initialise, "kafka-utils-preinit");
			thread.setDaemon(true);
			thread.setPriority(Thread.MIN_PRIORITY);
			thread.start();
		}
	}

	private static boolean enabled(Environment environment) {
		return Runtime.getRuntime().availableProcessors() > 1 && !Boolean.getBoolean(BOOT_IGNORE)
				&& environment.getProperty(ENABLED, Boolean.class, true)
				&& environment.getProperty("kafka.utils.enabled", Boolean.class, true);
	}

	private static void initialise() {
		try {
			AdminClientConfig.configNames();
			ProducerConfig.configNames();
			ConsumerConfig.configNames();
			for (ApiKeys key : ApiKeys.values()) {
				key.messageType.requestSchemas();
				key.messageType.responseSchemas();
			}
			AppInfoParser.getVersion();
			new Metrics().close();
		}
		catch (Throwable ex) {
			// only a head start: whatever failed here is loaded on first use as usual
		}
	}

}
