package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ConsumerStartingEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Provisioning against the shared single embedded broker: tiers with clamping, start-up
 * failures, partition changes across restarts, configuration drift, implied dead-letter
 * and error topics, and the order against listener containers. Every test uses a topic
 * prefix of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaTopicsAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static Admin admin;

	private final String prefix = TestKafka.uniqueTopic("prov") + ".";

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withConfiguration(AutoConfigurations.of(KafkaTopicsAutoConfiguration.class))
		.withPropertyValues("kafka.utils.topic-prefix=" + this.prefix);

	@BeforeAll
	static void connect() {
		admin = TestKafka.admin();
	}

	@AfterAll
	static void disconnect() {
		admin.close(Duration.ofSeconds(2));
	}

	@Test
	void declaredTopicsGetTheirTiersOnASingleBrokerWithClamping(CapturedOutput output) throws Exception {
		this.runner
			.withPropertyValues("kafka.utils.provisioning.max-replication=1", "kafka.utils.topics.orders.tier=standard",
					"kafka.utils.topics.audit.tier=error", "kafka.utils.topics.replays.tier=dlq",
					"kafka.utils.topics.customers.tier=compacted",
					"kafka.utils.tiers.compacted.config.cleanup.policy=compact",
					"kafka.utils.topics.clicks.partitions=5", "kafka.utils.topics.clicks.config.retention.ms=3600000")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("kafkaUtilsTopic.orders", NewTopic.class).name())
					.isEqualTo(this.prefix + "orders");
				assertTopic("orders", 3, Map.of("retention.ms", "604800000", "min.insync.replicas", "1",
						"compression.type", "snappy", "cleanup.policy", "delete"));
				assertTopic("audit", 1, Map.of("retention.ms", "2592000000", "min.insync.replicas", "1",
						"compression.type", "snappy"));
				assertTopic("replays", 1, Map.of("retention.ms", "2592000000", "min.insync.replicas", "1",
						"compression.type", "snappy"));
				assertTopic("customers", 3, Map.of("retention.ms", "604800000", "min.insync.replicas", "1",
						"compression.type", "snappy", "cleanup.policy", "compact"));
				assertTopic("clicks", 5, Map.of("retention.ms", "3600000", "min.insync.replicas", "1",
						"compression.type", "snappy"));
				// start-up returned only once every new partition answers an offset lookup
				Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
				for (int p = 0; p < 5; p++) {
					partitions.put(new TopicPartition(this.prefix + "clicks", p), OffsetSpec.latest());
				}
				assertThat(admin.listOffsets(partitions).all().get(2, TimeUnit.SECONDS)).hasSize(5);
			});
		assertThat(output).contains("kafka.utils.provisioning.max-replication=1 lowers replication")
			.contains(this.prefix + "orders (3 -> 1)");
	}

	@Test
	void replicationAboveTheBrokerCountFailsStartupNamingThePropertyAndTheFix() throws Exception {
		this.runner.withPropertyValues("kafka.utils.topics.orders.partitions=1").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TopicProvisioningFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(this.prefix + "orders")
				.contains("replication factor 3")
				.contains("kafka.utils.tiers.standard.replicas")
				.contains("1 broker");
			assertThat(analysis.getAction()).contains("kafka.utils.provisioning.max-replication=1")
				.contains("kafka.utils.tiers.standard.replicas");
		});
		assertThat(topicNames()).doesNotContain(this.prefix + "orders");
	}

	@Test
	void topicOverrideOfReplicationIsNamedInTheFailure() {
		this.runner.withPropertyValues("kafka.utils.topics.orders.replicas=2",
				"kafka.utils.topics.orders.config.min.insync.replicas=1").run((context) -> {
					FailureAnalysis analysis = new TopicProvisioningFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains("kafka.utils.topics.orders.replicas");
					assertThat(analysis.getAction()).contains("kafka.utils.topics.orders.replicas");
				});
	}

	@Test
	void misconfiguredTopicsFailBeforeTheClusterIsAsked() {
		this.runner.withPropertyValues("kafka.utils.topics.orders.tier=gold", "kafka.utils.topics.bad.name=bad name",
				"kafka.utils.provisioning.max-replication=1").run((context) -> {
					assertThat(context).hasFailed();
					FailureAnalysis analysis = new TopicProvisioningFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains("kafka.utils.topics.orders.tier")
						.contains("kafka.utils.topics.bad.name");
					assertThat(analysis.getAction()).contains("kafka.utils.tiers.gold");
				});
	}

	@Test
	void configRejectedByTheBrokerNamesTheConfigProperties() throws Exception {
		this.runner
			.withPropertyValues("kafka.utils.provisioning.max-replication=1",
					"kafka.utils.topics.orders.config.no.such.config=1")
			.run((context) -> {
				FailureAnalysis analysis = new TopicProvisioningFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Could not create topic '" + this.prefix + "orders'")
					.contains("no.such.config")
					.contains("kafka.utils.topics.orders.config.no.such.config");
			});
		assertThat(topicNames()).doesNotContain(this.prefix + "orders");
	}

	@Test
	void namingConventionFailsStartup() {
		this.runner
			.withPropertyValues("kafka.utils.provisioning.max-replication=1",
					"kafka.utils.provisioning.name-pattern=prod\\..*", "kafka.utils.topics.orders.partitions=1")
			.run((context) -> {
				FailureAnalysis analysis = new TopicProvisioningFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("kafka.utils.provisioning.name-pattern")
					.contains("kafka.utils.topics.orders");
			});
	}

	@Test
	void partitionsIncreaseOnRestartAndAreNeverDecreased(CapturedOutput output) throws Exception {
		ApplicationContextRunner runner = this.runner.withPropertyValues("kafka.utils.provisioning.max-replication=1");
		runner.withPropertyValues("kafka.utils.topics.orders.partitions=2")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(describe("orders").partitions()).hasSize(2);
		runner.withPropertyValues("kafka.utils.topics.orders.partitions=4")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(describe("orders").partitions()).hasSize(4);
		assertThat(output).contains("Increasing the partitions of topic '" + this.prefix + "orders' from 2 to 4");
		runner.withPropertyValues("kafka.utils.topics.orders.partitions=1")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(describe("orders").partitions()).hasSize(4);
		assertThat(output).contains("Topic '" + this.prefix + "orders' has 4 partitions, more than the 1 of "
				+ "kafka.utils.topics.orders.partitions. Kafka cannot remove partitions");
	}

	@Test
	void configDriftIsReportedAndAppliedOnlyWhenAsked(CapturedOutput output) throws Exception {
		ApplicationContextRunner runner = this.runner.withPropertyValues("kafka.utils.provisioning.max-replication=1",
				"kafka.utils.topics.orders.partitions=1");
		runner.run((context) -> assertThat(context).hasNotFailed());
		// spring-kafka's KafkaAdmin would apply the change itself: it must leave kafka-utils' topics alone
		runner.withPropertyValues("kafka.utils.tiers.standard.config.retention.ms=3600000",
				"spring.kafka.admin.modify-topic-configs=true").run((context) -> assertThat(context).hasNotFailed());
		assertThat(configOf("orders").get("retention.ms").value()).isEqualTo("604800000");
		assertThat(output).contains("Configuration of topic '" + this.prefix + "orders' differs from its plan: "
				+ "retention.ms=604800000 (planned 3600000 by kafka.utils.tiers.standard.config.retention.ms)")
			.contains("kafka.utils.provisioning.update-configs=true");
		runner.withPropertyValues("kafka.utils.tiers.standard.config.retention.ms=3600000",
				"kafka.utils.provisioning.update-configs=true").run((context) -> assertThat(context).hasNotFailed());
		assertThat(configOf("orders").get("retention.ms").value()).isEqualTo("3600000");
	}

	@Test
	void deadLetterAndErrorTopicsAppearForConsumedTopicsBeforeListenersStart() throws Exception {
		this.runner.withUserConfiguration(Listeners.class)
			.withPropertyValues("kafka.utils.provisioning.max-replication=1", "kafka.utils.errors.topic=errors",
					"kafka.utils.topics.orders.dlq=orders-failed")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertTopic("orders-failed", 1, Map.of("retention.ms", "2592000000", "min.insync.replicas", "1"));
				assertTopic("dlq.payments", 1, Map.of("retention.ms", "2592000000", "min.insync.replicas", "1"));
				assertTopic("dlq.refunds", 1, Map.of("retention.ms", "2592000000"));
				assertTopic("errors", 1, Map.of("retention.ms", "2592000000", "min.insync.replicas", "1"));
				Listeners listeners = context.getBean(Listeners.class);
				await().atMost(TIMEOUT).until(() -> listeners.topicsAtConsumerStart.size() >= 2);
				assertThat(listeners.topicsAtConsumerStart).hasSize(2)
					.allSatisfy((topics) -> assertThat(topics).contains(this.prefix + "orders-failed",
							this.prefix + "dlq.payments", this.prefix + "dlq.refunds", this.prefix + "errors"));
			});
	}

	@Test
	void noDeadLetterTopicsWhenDeadLetteringIsOff() throws Exception {
		this.runner.withUserConfiguration(Listeners.class)
			.withPropertyValues("kafka.utils.provisioning.max-replication=1", "kafka.utils.dlq.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(topicNames()).noneMatch((name) -> name.startsWith(this.prefix + "dlq."));
	}

	@Test
	void provisioningCanBeSwitchedOff() throws Exception {
		this.runner.withPropertyValues("kafka.utils.provisioning.enabled=false", "kafka.utils.topics.orders.partitions=1")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TopicPlanner.class).doesNotHaveBean(NewTopic.class);
			});
		assertThat(topicNames()).doesNotContain(this.prefix + "orders");
	}

	@Test
	void switchingKafkaUtilsOffSwitchesProvisioningOff() {
		this.runner.withPropertyValues("kafka.utils.enabled=false", "kafka.utils.topics.orders.partitions=1")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TopicPlanner.class));
	}

	@Test
	void otherNewTopicBeansStayWithKafkaAdmin() throws Exception {
		this.runner.withUserConfiguration(OwnTopic.class)
			.withPropertyValues("kafka.utils.provisioning.max-replication=1", "own.topic=" + this.prefix + "own")
			.run((context) -> assertThat(context).hasNotFailed());
		// KafkaAdmin does not wait for the broker's metadata to catch up with a new topic
		await().atMost(TIMEOUT).until(() -> topicNames().contains(this.prefix + "own"));
		assertThat(describe("own").partitions()).hasSize(2);
	}

	private void assertTopic(String name, int partitions, Map<String, String> expectedConfig) throws Exception {
		TopicDescription description = describe(name);
		assertThat(description.partitions()).hasSize(partitions)
			.allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(1));
		Config config = configOf(name);
		expectedConfig.forEach((key, value) -> assertThat(config.get(key).value()).as(name + " " + key).isEqualTo(value));
	}

	private TopicDescription describe(String name) throws Exception {
		return admin.describeTopics(List.of(this.prefix + name))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(this.prefix + name);
	}

	private Config configOf(String name) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, this.prefix + name);
		return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
	}

	private static Set<String> topicNames() throws Exception {
		return admin.listTopics().names().get(10, TimeUnit.SECONDS);
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final Collection<Set<String>> topicsAtConsumerStart = new CopyOnWriteArrayList<>();

		@KafkaListener(topics = { "orders", "payments" })
		void onOrderOrPayment(String value) {
		}

		@KafkaListener(topics = "refunds", groupId = "refunds")
		void onRefund(String value) {
		}

		@EventListener
		void onConsumerStarting(ConsumerStartingEvent event) throws Exception {
			this.topicsAtConsumerStart.add(topicNames());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTopic {

		@Bean
		NewTopic ownTopic(org.springframework.core.env.Environment environment) {
			return new NewTopic(environment.getProperty("own.topic"), 2, (short) 1);
		}

	}

}
