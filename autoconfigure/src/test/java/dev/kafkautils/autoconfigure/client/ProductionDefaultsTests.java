package dev.kafkautils.autoconfigure.client;

import java.util.Map;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production defaults on Spring Boot's producer and consumer factories, and the rule
 * that anything the user sets wins over them.
 */
class ProductionDefaultsTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void producerGetsProductionDefaults() {
		this.runner.run((context) -> {
			Map<String, Object> config = producerConfig(context.getBean(DefaultKafkaProducerFactory.class));
			assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
				.containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy")
				.containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
				.containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000)
				.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000)
				.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
			assertThat(effectiveProducerConfig(config).getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
			// spring-kafka numbers each producer it creates: {client id}-{n}
			assertThat(producerClientId(context.getBean(DefaultKafkaProducerFactory.class)))
				.matches("orders-service-.+-[0-9a-f]{8}-\\d+");
		});
	}

	@Test
	void consumerGetsProductionDefaults() {
		this.runner.run((context) -> {
			Map<String, Object> config = consumerConfig(context.getBean(DefaultKafkaConsumerFactory.class));
			assertThat(config).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
				.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
				.containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
						CooperativeStickyAssignor.class.getName())
				.containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000)
				.containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)
				.containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000)
				.containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "orders-service")
				.doesNotContainKey(ConsumerConfig.CLIENT_ID_CONFIG);
		});
	}

	@Test
	void clientIdCarriesServiceNameHostAndRandomSuffix() {
		this.runner.withPropertyValues("kafka.utils.service-name=billing").run((context) -> {
			String clientId = producerClientId(context.getBean(DefaultKafkaProducerFactory.class));
			String host = java.net.InetAddress.getLocalHost().getHostName();
			assertThat(clientId).startsWith("billing-" + host + "-");
			assertThat(clientId.substring(("billing-" + host + "-").length())).matches("[0-9a-f]{8}-\\d+");
			assertThat(consumerConfig(context.getBean(DefaultKafkaConsumerFactory.class)))
				.containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "billing");
		});
	}

	@Test
	void typedSpringKafkaPropertiesWinOverDefaults() {
		this.runner
			.withPropertyValues("spring.kafka.producer.acks=1", "spring.kafka.producer.compression-type=zstd",
					"spring.kafka.client-id=explicit-id", "spring.kafka.consumer.auto-offset-reset=latest",
					"spring.kafka.consumer.enable-auto-commit=true", "spring.kafka.consumer.group-id=explicit-group",
					"spring.kafka.consumer.heartbeat-interval=2s", "spring.kafka.consumer.max-poll-interval=60s",
					"spring.kafka.consumer.isolation-level=read-uncommitted")
			.run((context) -> {
				Map<String, Object> producer = producerConfig(context.getBean(DefaultKafkaProducerFactory.class));
				assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "1")
					.containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
				assertThat(producerClientId(context.getBean(DefaultKafkaProducerFactory.class)))
					.isEqualTo("explicit-id-1");
				// with acks=1 the client turns idempotence off by itself instead of refusing to start
				assertThat(effectiveProducerConfig(producer).getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))
					.isFalse();
				Map<String, Object> consumer = consumerConfig(context.getBean(DefaultKafkaConsumerFactory.class));
				assertThat(consumer).containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
					.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true)
					.containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "explicit-group")
					.containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2000)
					.containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 60000)
					.containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "explicit-id")
					.containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
			});
	}

	@Test
	void clientPropertyMapsWinOverDefaults() {
		this.runner
			.withPropertyValues("spring.kafka.properties[linger.ms]=50",
					"spring.kafka.producer.properties[enable.idempotence]=false",
					"spring.kafka.producer.properties[max.block.ms]=2000",
					"spring.kafka.properties[session.timeout.ms]=45000",
					"spring.kafka.consumer.properties[partition.assignment.strategy]="
							+ "org.apache.kafka.clients.consumer.RangeAssignor")
			.run((context) -> {
				Map<String, Object> producer = producerConfig(context.getBean(DefaultKafkaProducerFactory.class));
				assertThat(producer).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "50")
					.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")
					.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000")
					.containsEntry(ProducerConfig.ACKS_CONFIG, "all");
				Map<String, Object> consumer = consumerConfig(context.getBean(DefaultKafkaConsumerFactory.class));
				assertThat(consumer).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000")
					.containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
							"org.apache.kafka.clients.consumer.RangeAssignor");
			});
	}

	@Test
	void userCustomizerBeansWinOverDefaults() {
		this.runner.withUserConfiguration(UserCustomizers.class).run((context) -> {
			assertThat(producerConfig(context.getBean(DefaultKafkaProducerFactory.class)))
				.containsEntry(ProducerConfig.ACKS_CONFIG, "0")
				.containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
			assertThat(consumerConfig(context.getBean(DefaultKafkaConsumerFactory.class)))
				.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
		});
	}

	@Test
	void defaultsCanBeSwitchedOff() {
		this.runner.withPropertyValues("kafka.utils.client.production-defaults=false").run((context) -> {
			assertThat(producerConfig(context.getBean(DefaultKafkaProducerFactory.class)))
				.doesNotContainKeys(ProducerConfig.ACKS_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG);
			assertThat(producerClientId(context.getBean(DefaultKafkaProducerFactory.class)))
				.startsWith("orders-service-producer-");
			assertThat(consumerConfig(context.getBean(DefaultKafkaConsumerFactory.class)))
				.doesNotContainKeys(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
						ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ConsumerConfig.GROUP_ID_CONFIG);
		});
	}

	@Test
	void nothingAppliedWhenStarterDisabled() {
		this.runner.withPropertyValues("kafka.utils.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(dev.kafkautils.autoconfigure.core.KafkaUtilsProperties.class);
			assertThat(producerConfig(context.getBean(DefaultKafkaProducerFactory.class)))
				.doesNotContainKeys(ProducerConfig.ACKS_CONFIG, ProducerConfig.LINGER_MS_CONFIG);
		});
	}

	private static Map<String, Object> producerConfig(DefaultKafkaProducerFactory<?, ?> factory) {
		return factory.getConfigurationProperties();
	}

	/** The configuration as the Kafka client resolves it, with its own defaults. */
	private static ProducerConfig effectiveProducerConfig(Map<String, Object> config) {
		Map<String, Object> withSerializers = new java.util.HashMap<>(config);
		withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		return new ProducerConfig(withSerializers);
	}

	/** The client id a producer from this factory really gets. */
	private static String producerClientId(DefaultKafkaProducerFactory<?, ?> factory) {
		try (Producer<?, ?> producer = factory.createProducer()) {
			return producer.metrics().keySet().stream()
				.map((name) -> name.tags().get("client-id"))
				.filter(java.util.Objects::nonNull)
				.findFirst()
				.orElseThrow();
		}
	}

	private static Map<String, Object> consumerConfig(DefaultKafkaConsumerFactory<?, ?> factory) {
		return factory.getConfigurationProperties();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizers {

		@Bean
		DefaultKafkaProducerFactoryCustomizer userProducerCustomizer() {
			return (factory) -> factory.updateConfigs(Map.of(ProducerConfig.ACKS_CONFIG, "0"));
		}

		@Bean
		DefaultKafkaConsumerFactoryCustomizer userConsumerCustomizer() {
			return (factory) -> factory.updateConfigs(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"));
		}

	}

}
