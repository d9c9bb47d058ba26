package dev.kafkautils.devbroker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class DevKafkaBrokerAutoConfigurationTests {

	private static final String MAX_REPLICATION = "kafka.utils.provisioning.max-replication";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DevKafkaBrokerAutoConfiguration.class, KafkaAutoConfiguration.class));

	@Test
	void withoutBootstrapServersTheApplicationTalksToTheDevBroker(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DevKafkaBroker.class).hasSingleBean(KafkaConnectionDetails.class);
			String address = context.getBean(DevKafkaBroker.class).getBootstrapServers();
			assertThat(context.getBean(KafkaConnectionDetails.class).getBootstrapServers())
				.containsExactly(address.split(","));
			assertThat(context.getBean(KafkaConnectionDetails.class).getSecurityProtocol()).isEqualTo("PLAINTEXT");

			String topic = "dev-broker-round-trip";
			createTopic(context.getBean(KafkaAdmin.class), topic);
			@SuppressWarnings("unchecked")
			KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
			template.send(topic, "key-1", "hello").get(10, TimeUnit.SECONDS);
			@SuppressWarnings("unchecked")
			ConsumerFactory<Object, Object> consumers = context.getBean(ConsumerFactory.class);
			try (Consumer<Object, Object> consumer = consumers.createConsumer(null, null)) {
				TopicPartition partition = new TopicPartition(topic, 0);
				consumer.assign(List.of(partition));
				consumer.seekToBeginning(List.of(partition));
				ConsumerRecords<Object, Object> records = consumer.poll(Duration.ofSeconds(10));
				assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
					.containsExactly(tuple("key-1", "hello"));
			}
		});
		assertThat(output).contains("Started dev Kafka broker at ")
			.doesNotContain("Formatting metadata directory")
			.doesNotContain("Bootstrap metadata");
	}

	@Test
	void theBrokersOwnLoggersAreKeptAtWarnButNotOnesTheApplicationConfigured() {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		try {
			logging.setLogLevel("state.change.logger", null);
			logging.setLogLevel("org.apache.kafka.storage", null);
			this.runner.withPropertyValues("logging.level.state.change.logger=info").run((context) -> {
				assertThat(context).hasSingleBean(DevKafkaBroker.class);
				assertThat(logging.getLoggerConfiguration("org.apache.kafka.storage").getConfiguredLevel())
					.isEqualTo(LogLevel.WARN);
				assertThat(logging.getLoggerConfiguration("state.change.logger").getConfiguredLevel()).isNull();
			});
			logging.setLogLevel("org.apache.kafka.storage", null);
			this.runner.withPropertyValues("kafka.utils.devbroker.quiet=false")
				.run((context) -> assertThat(
						logging.getLoggerConfiguration("org.apache.kafka.storage").getConfiguredLevel())
					.isNull());
		}
		finally {
			logging.setLogLevel("state.change.logger", null);
			logging.setLogLevel("org.apache.kafka.storage", null);
		}
	}

	@Test
	void offWhenBootstrapServersAreSet() {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers=kafka-1:9092")
			.run((context) -> assertThat(context).doesNotHaveBean(DevKafkaBroker.class)
				.getBean(KafkaConnectionDetails.class)
				.extracting(KafkaConnectionDetails::getBootstrapServers)
				.isEqualTo(List.of("kafka-1:9092")));
	}

	@Test
	void offWhenBootstrapServersAreSetAsIndexedList() {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers[0]=kafka-1:9092")
			.run((context) -> assertThat(context).doesNotHaveBean(DevKafkaBroker.class));
	}

	@Test
	void offWhenConnectionDetailsAreAlreadyRegistered() {
		// what @ServiceConnection registers before auto-configurations are parsed
		KafkaConnectionDetails container = () -> List.of("container:9092");
		this.runner.withBean(KafkaConnectionDetails.class, () -> container)
			.run((context) -> assertThat(context).doesNotHaveBean(DevKafkaBroker.class)
				.getBean(KafkaConnectionDetails.class)
				.isSameAs(container));
	}

	@Test
	void offWhenSwitchedOff() {
		this.runner.withPropertyValues("kafka.utils.devbroker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DevKafkaBroker.class)
				.getBean(KafkaConnectionDetails.class)
				.extracting(KafkaConnectionDetails::getBootstrapServers)
				.isEqualTo(List.of("localhost:9092")));
	}

	@Test
	void maxReplicationDefaultsToOneWithTheDevBrokerAndGivesWayToConfiguration() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DevKafkaBroker.class);
			assertThat(context.getEnvironment().getProperty(MAX_REPLICATION)).isEqualTo("1");
		});
		this.runner.withPropertyValues(MAX_REPLICATION + "=2")
			.run((context) -> assertThat(context.getEnvironment().getProperty(MAX_REPLICATION)).isEqualTo("2"));
	}

	@Test
	void noMaxReplicationDefaultWithoutTheDevBroker() {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers=kafka-1:9092")
			.run((context) -> assertThat(context.getEnvironment().containsProperty(MAX_REPLICATION)).isFalse());
		this.runner.withPropertyValues("kafka.utils.devbroker.enabled=false")
			.run((context) -> assertThat(context.getEnvironment().containsProperty(MAX_REPLICATION)).isFalse());
	}

	private static void createTopic(KafkaAdmin kafkaAdmin, String topic) throws Exception {
		try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
		}
		awaitPartition(kafkaAdmin, topic);
	}

	static void awaitPartition(KafkaAdmin kafkaAdmin, String topic) {
		try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
			// a new topic's leader may not be known yet; produce once its partition answers
			// an offset lookup (an idempotent producer can otherwise lose its first batch)
			await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
					.all()
					.get(2, TimeUnit.SECONDS) != null);
		}
	}

}
