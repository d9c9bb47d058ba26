package dev.kafkautils.autoconfigure.exactlyonce;

import java.util.Map;
import java.util.Set;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.errors.RetryProperties;
import org.jspecify.annotations.Nullable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Checks at start-up the settings that would break exactly-once, each failing with the
 * property to change: a producer factory that is not transactional, {@code acks} below
 * {@code all}, idempotence off, consumers reading uncommitted records, retry topics, and
 * a transaction-id prefix that every instance shares because it is a fixed value in the
 * configuration packaged with the application.
 */
final class ExactlyOnceVerifier {

	private static final String ACKS = "spring.kafka.producer.acks";

	private static final String IDEMPOTENCE = "spring.kafka.producer.properties[enable.idempotence]";

	private static final Set<String> ALL_ACKS = Set.of("all", "-1");

	private ExactlyOnceVerifier() {
	}

	static void verify(ProducerFactory<?, ?> producerFactory, ConsumerFactory<?, ?> consumerFactory,
			RetryProperties retry, ConfigurableEnvironment environment) {
		String prefix = ExactlyOnceEnvironmentPostProcessor.TRANSACTION_ID_PREFIX;
		if (!producerFactory.transactionCapable()) {
			throw new KafkaUtilsPropertyException(prefix, environment.getProperty(prefix),
					"the application's producer factory (" + producerFactory.getClass().getName()
							+ ") is not transactional, so nothing runs in a Kafka transaction",
					"Remove " + prefix + " and any ProducerFactory bean of your own, or give that factory a "
							+ "transaction-id prefix unique per instance.");
		}
		checkPackagedPrefix(environment, prefix);
		Map<String, Object> producer = producerFactory.getConfigurationProperties();
		Object acks = producer.get(ProducerConfig.ACKS_CONFIG);
		if (acks != null && !ALL_ACKS.contains(String.valueOf(acks).trim().toLowerCase())) {
			throw new KafkaUtilsPropertyException(ACKS, acks,
					"transactions need every write acknowledged by all in-sync replicas",
					"Remove " + ACKS + " (kafka-utils defaults to all) or set it to all.");
		}
		Object idempotence = producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
		if (idempotence != null && "false".equalsIgnoreCase(String.valueOf(idempotence).trim())) {
			throw new KafkaUtilsPropertyException(IDEMPOTENCE, idempotence,
					"transactional producers are idempotent producers",
					"Remove " + IDEMPOTENCE + " or set it to true.");
		}
		Object isolation = consumerFactory.getConfigurationProperties().get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
		if (!"read_committed".equalsIgnoreCase(String.valueOf(isolation).trim())) {
			throw new KafkaUtilsPropertyException(ExactlyOnceEnvironmentPostProcessor.ISOLATION_LEVEL, isolation,
					"listeners would see the writes of transactions that were rolled back",
					"Remove " + ExactlyOnceEnvironmentPostProcessor.ISOLATION_LEVEL + " (exactly-once sets "
							+ "read-committed) or set it to read-committed.");
		}
		if (retry.getMode() == RetryProperties.Mode.TOPICS) {
			throw new KafkaUtilsPropertyException(RetryProperties.PREFIX + ".mode", "topics",
					"retry topics are not supported with exactly-once: a transactional container hands failed "
							+ "records to its after-rollback processor, never to the retry topics",
					"Remove " + RetryProperties.PREFIX + ".mode (blocking retries, then the dead-letter topic in the "
							+ "same transaction).");
		}
	}

	/**
	 * A prefix written as a fixed value into a configuration file on the classpath is the
	 * same in every instance of the application: two of them would fence each other.
	 */
	private static void checkPackagedPrefix(ConfigurableEnvironment environment, String prefix) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			@Nullable Object raw = source.getProperty(prefix);
			if (raw == null) {
				continue;
			}
			boolean packaged = source.getName().contains("class path resource");
			if (packaged && !raw.toString().contains("${")) {
				throw new KafkaUtilsPropertyException(prefix, raw,
						"it is a fixed value in " + source.getName() + ", so every instance of the application uses "
								+ "the same transactional ids and they fence each other",
						"Remove " + prefix + " and let kafka-utils derive {service}-{instance}- (set "
								+ ExactlyOnceProperties.PREFIX + ".instance-id to a stable per-instance value such as "
								+ "a StatefulSet pod name), or make it per instance, e.g. orders-${HOSTNAME}-.");
			}
			return;
		}
	}

}
