package dev.kafkautils.autoconfigure.topics;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.kafkautils.autoconfigure.core.ConsumedTopic;
import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.TierProperties;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import dev.kafkautils.autoconfigure.errors.DeadLetterProperties;
import dev.kafkautils.autoconfigure.errors.ErrorEventProperties;
import dev.kafkautils.autoconfigure.errors.ErrorHandlingTopics;
import dev.kafkautils.autoconfigure.errors.PatternDeadLetterTopicResolver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Planning without a cluster: tiers, overrides, implied topics, validation and clamping.
 */
class TopicPlannerTests {

	private final KafkaUtilsProperties properties = new KafkaUtilsProperties();

	private final ProvisioningProperties provisioning = new ProvisioningProperties();

	private final ErrorEventProperties errorEvents = new ErrorEventProperties();

	private final DeadLetterProperties deadLetters = new DeadLetterProperties();

	@Test
	void builtInTiers() {
		declare("orders", null);
		declare("audit", (topic) -> topic.setTier("error"));
		declare("failed", (topic) -> topic.setTier("dlq"));
		Map<String, TopicSpec> declared = planner().declared();
		assertSpec(declared.get("orders"), 3, 3, "604800000", "2");
		assertSpec(declared.get("audit"), 1, 3, "2592000000", "1");
		assertSpec(declared.get("failed"), 1, 3, "2592000000", "1");
		assertThat(declared.get("orders").config()).containsEntry("compression.type", "snappy");
		assertThat(declared.get("orders").propertyFor("replicas")).isEqualTo("kafka.utils.tiers.standard.replicas");
	}

	@Test
	void tierOverrideKeepsTheTiersOtherValues() {
		this.properties.getTiers().put("standard", tier(6, null, Map.of("retention.ms", "1000")));
		declare("orders", null);
		TopicSpec orders = planner().declared().get("orders");
		assertSpec(orders, 6, 3, "1000", "2");
		assertThat(orders.config()).containsEntry("compression.type", "snappy");
		assertThat(orders.propertyFor("partitions")).isEqualTo("kafka.utils.tiers.standard.partitions");
	}

	@Test
	void customTierStartsFromStandard() {
		this.properties.getTiers().put("standard", tier(4, null, Map.of()));
		this.properties.getTiers().put("compacted", tier(null, null, Map.of("cleanup.policy", "compact")));
		declare("customers", (topic) -> topic.setTier("compacted"));
		TopicSpec customers = planner().declared().get("customers");
		assertSpec(customers, 4, 3, "604800000", "2");
		assertThat(customers.config()).containsEntry("cleanup.policy", "compact");
		assertThat(customers.tier()).isEqualTo("compacted");
	}

	@Test
	void topicOverridesWinOverTheTier() {
		declare("orders", (topic) -> {
			topic.setName("orders-v2");
			topic.setPartitions(12);
			topic.setReplicas(5);
			topic.getConfig().put("min.insync.replicas", "3");
		});
		this.properties.setTopicPrefix("prod.");
		TopicSpec orders = planner().declared().get("orders");
		assertThat(orders.name()).isEqualTo("prod.orders-v2");
		assertSpec(orders, 12, 5, "604800000", "3");
		assertThat(orders.propertyFor("partitions")).isEqualTo("kafka.utils.topics.orders.partitions");
		assertThat(orders.propertyFor("config.min.insync.replicas"))
			.isEqualTo("kafka.utils.topics.orders.config.min.insync.replicas");
		assertThat(orders.toNewTopic().name()).isEqualTo("prod.orders-v2");
		assertThat(orders.toNewTopic().replicationFactor()).isEqualTo((short) 5);
	}

	@Test
	void deadLetterAndErrorTopicsAreImpliedByListenersAndErrorSettings() {
		this.properties.setTopicPrefix("dev.");
		this.errorEvents.setTopic("errors");
		declare("orders", (topic) -> topic.setDlq("orders-failed"));
		List<TopicSpec> plan = planner().plan(List.of(new ConsumedTopic("dev.orders", "svc"),
				new ConsumedTopic("dev.payments", "svc"), new ConsumedTopic("dev.payments", "other")));
		assertThat(plan).extracting(TopicSpec::name)
			.containsExactly("dev.orders", "dev.errors", "dev.orders-failed", "dev.dlq.payments");
		assertThat(plan.get(1).tier()).isEqualTo("error");
		assertThat(plan.get(2).tier()).isEqualTo("dlq");
		assertThat(plan.get(2).propertyFor("name")).isEqualTo("kafka.utils.topics.orders.dlq");
		assertThat(plan.get(3).propertyFor("name")).isEqualTo("kafka.utils.dlq.topic-pattern");
	}

	@Test
	void declaredErrorTopicDefaultsToTheErrorTier() {
		this.errorEvents.setTopic("errors");
		declare("errors", (topic) -> topic.setPartitions(2));
		TopicSpec errors = planner().declared().get("errors");
		assertSpec(errors, 2, 3, "2592000000", "1");
	}

	@Test
	void noDeadLetterTopicsWithoutDeadLetterNaming() {
		ErrorHandlingTopics withoutDeadLetters = new ErrorHandlingTopics(names(), this.properties.getTopics(), null,
				null);
		TopicPlanner planner = new TopicPlanner(this.properties, this.provisioning, names(),
				List.of(withoutDeadLetters));
		assertThat(planner.plan(List.of(new ConsumedTopic("orders", "svc")))).isEmpty();
	}

	@Test
	void maxReplicationClampsReplicationAndMinInSyncReplicas() {
		this.provisioning.setMaxReplication(1);
		declare("orders", null);
		TopicSpec orders = planner().plan(List.of(new ConsumedTopic("orders", "svc"))).get(0);
		assertSpec(orders, 3, 1, "604800000", "1");
		assertThat(orders.isClamped()).isTrue();
		assertThat(orders.requestedReplicas()).isEqualTo(3);
	}

	@Test
	void maxReplicationAboveTheTierChangesNothing() {
		this.provisioning.setMaxReplication(5);
		declare("orders", null);
		TopicSpec orders = planner().declared().get("orders");
		assertSpec(orders, 3, 3, "604800000", "2");
		assertThat(orders.isClamped()).isFalse();
	}

	@Test
	void unknownTierNamesTheProperty() {
		declare("orders", (topic) -> topic.setTier("gold"));
		assertProblem("kafka.utils.topics.orders.tier", "'gold'", "kafka.utils.tiers.gold");
	}

	@Test
	void illegalCharactersNameTheProperty() {
		declare("orders", (topic) -> topic.setName("orders/v2"));
		assertProblem("kafka.utils.topics.orders.name", "'orders/v2'", "letters, digits");
	}

	@Test
	void illegalPrefixIsReported() {
		this.properties.setTopicPrefix("team a.");
		declare("orders", null);
		assertProblem("kafka.utils.topics.orders", "kafka.utils.topic-prefix", "kafka.utils.topic-prefix");
	}

	@Test
	void tooLongNameIsReported() {
		declare("orders", (topic) -> topic.setName("o".repeat(250)));
		assertProblem("kafka.utils.topics.orders.name", "250 characters", "Shorten");
	}

	@Test
	void longestLegalNameIsAccepted() {
		declare("orders", (topic) -> topic.setName("o".repeat(249)));
		assertThat(planner().declared()).containsKey("orders");
	}

	@Test
	void partitionsBelowOneNameTheProperty() {
		declare("orders", (topic) -> topic.setPartitions(0));
		assertProblem("kafka.utils.topics.orders.partitions", "0 partitions", "1 or more");
	}

	@Test
	void tierPartitionsBelowOneNameTheTierProperty() {
		this.properties.getTiers().put("standard", tier(0, null, Map.of()));
		declare("orders", null);
		assertProblem("kafka.utils.tiers.standard.partitions", "0 partitions", "1 or more");
	}

	@Test
	void minInSyncReplicasAboveReplicationIsReported() {
		declare("scratch", (topic) -> topic.setReplicas(1));
		assertProblem("kafka.utils.tiers.standard.config.min.insync.replicas", "min.insync.replicas 2",
				"kafka.utils.topics.scratch.replicas");
	}

	@Test
	void namingConventionIsEnforced() {
		this.provisioning.setNamePattern("[a-z]+\\.[a-z-]+");
		declare("orders", (topic) -> topic.setName("sales.orders"));
		declare("Audit", null);
		assertProblem("kafka.utils.topics.Audit", "naming convention", "kafka.utils.provisioning.name-pattern");
	}

	@Test
	void namingConventionAppliesToImpliedTopics() {
		this.provisioning.setNamePattern("[a-z]+\\.[a-z-]+");
		TopicPlanner planner = planner();
		assertThatExceptionOfType(TopicProvisioningException.class)
			.isThrownBy(() -> planner.plan(List.of(new ConsumedTopic("sales.orders", "svc"))))
			.satisfies((ex) -> assertThat(ex.getProblems()).singleElement()
				.satisfies((problem) -> assertThat(problem.property()).isEqualTo("kafka.utils.dlq.topic-pattern")));
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		declare("a", (topic) -> topic.setTier("gold"));
		declare("b", (topic) -> topic.setPartitions(-1));
		assertThatExceptionOfType(TopicProvisioningException.class).isThrownBy(this::planner)
			.satisfies((ex) -> assertThat(ex.getProblems()).hasSize(2));
	}

	@Test
	void dotUnderscoreCollisionOnlyWarns() {
		declare("a", (topic) -> topic.setName("sales.orders"));
		declare("b", (topic) -> topic.setName("sales_orders"));
		assertThat(planner().plan(List.of())).hasSize(2);
	}

	private TopicPlanner planner() {
		TopicNames names = names();
		PatternDeadLetterTopicResolver deadLetterTopics = new PatternDeadLetterTopicResolver(names,
				this.properties.getTopics(), this.deadLetters.getTopicPattern(), "svc");
		ErrorHandlingTopics errorHandlingTopics = new ErrorHandlingTopics(names, this.properties.getTopics(),
				this.errorEvents.getTopic(), deadLetterTopics);
		return new TopicPlanner(this.properties, this.provisioning, names, List.of(errorHandlingTopics));
	}

	private TopicNames names() {
		return TopicNames.of(this.properties.getTopicPrefix(), this.properties.getTopics());
	}

	private void declare(String logical, Consumer<TopicProperties> settings) {
		TopicProperties topic = new TopicProperties();
		if (settings != null) {
			settings.accept(topic);
		}
		this.properties.getTopics().put(logical, topic);
	}

	private static TierProperties tier(Integer partitions, Integer replicas, Map<String, String> config) {
		TierProperties tier = new TierProperties();
		tier.setPartitions(partitions);
		tier.setReplicas(replicas);
		tier.getConfig().putAll(config);
		return tier;
	}

	private static void assertSpec(TopicSpec spec, int partitions, int replicas, String retentionMs, String minIsr) {
		assertThat(spec.partitions()).isEqualTo(partitions);
		assertThat(spec.replicas()).isEqualTo(replicas);
		assertThat(spec.config()).containsEntry("retention.ms", retentionMs).containsEntry("min.insync.replicas", minIsr);
	}

	private void assertProblem(String property, String inDescription, String inAction) {
		assertThatExceptionOfType(TopicProvisioningException.class).isThrownBy(this::planner)
			.satisfies((ex) -> assertThat(ex.getProblems()).singleElement().satisfies((problem) -> {
				assertThat(problem.property()).isEqualTo(property);
				assertThat(problem.description()).contains(inDescription);
				assertThat(problem.action()).contains(inAction);
			}));
	}

}
