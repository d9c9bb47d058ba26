package dev.kafkautils.autoconfigure.topics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift between planned and actual topic configuration, without a cluster.
 */
class ConfigDriftTests {

	private final TopicSpec orders = new TopicSpec("orders", "standard", 3, 3, 3,
			planned("retention.ms", "3600000", "compression.type", "snappy"), Map.of());

	@Test
	void changedRetentionIsDriftWithTheValueOnTheCluster() {
		Config actual = config("retention.ms", "604800000", "compression.type", "snappy", "cleanup.policy", "delete");
		assertThat(ConfigDrift.differences(this.orders, actual))
			.containsExactly(Map.entry("retention.ms", "604800000"));
	}

	@Test
	void matchingPlannedValuesAreNoDriftWhateverElseTheTopicHas() {
		Config actual = config("retention.ms", "3600000", "compression.type", "snappy", "segment.ms", "1000");
		assertThat(ConfigDrift.differences(this.orders, actual)).isEmpty();
	}

	@Test
	void aConfigUnknownToTheClusterIsNoDrift() {
		TopicSpec spec = new TopicSpec("orders", "standard", 3, 3, 3, planned("no.such.config", "1"), Map.of());
		assertThat(ConfigDrift.differences(spec, config("retention.ms", "604800000"))).isEmpty();
	}

	@Test
	void warningNamesFoundAndPlannedValuesAndThePlanningProperty() {
		TopicSpec spec = new TopicSpec("orders", "standard", 3, 3, 3, planned("retention.ms", "3600000"),
				Map.of("config.retention.ms", "kafka.utils.topics.orders.config.retention.ms"));
		Map<String, String> differences = Map.of("retention.ms", "604800000");
		assertThat(ConfigDrift.driftWarning(spec, differences, false))
			.isEqualTo("Configuration of topic 'orders' differs from its plan: retention.ms=604800000 "
					+ "(planned 3600000 by kafka.utils.topics.orders.config.retention.ms); "
					+ "set kafka.utils.provisioning.update-configs=true to apply the planned values");
		assertThat(ConfigDrift.driftWarning(spec, differences, true)).endsWith("; setting the planned values");
	}

	@Test
	void tierPropertyIsNamedWhenNoTopicOverrideSetsTheConfig() {
		assertThat(ConfigDrift.driftWarning(this.orders, Map.of("retention.ms", "604800000"), false))
			.contains("(planned 3600000 by kafka.utils.tiers.standard.config.retention.ms)");
	}

	@Test
	void updateSetsOnlyTheDifferingConfigsToTheirPlannedValues() {
		Map<ConfigResource, Collection<AlterConfigOp>> changes = ConfigDrift
			.plannedValues(Map.of("orders", Map.of("retention.ms", "604800000")), Map.of("orders", this.orders));
		assertThat(changes).containsOnlyKeys(new ConfigResource(ConfigResource.Type.TOPIC, "orders"));
		assertThat(changes.values().iterator().next())
			.containsExactly(new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET));
	}

	private static Map<String, String> planned(String... keysAndValues) {
		Map<String, String> config = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			config.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return config;
	}

	private static Config config(String... keysAndValues) {
		return new Config(planned(keysAndValues).entrySet()
			.stream()
			.map((entry) -> new ConfigEntry(entry.getKey(), entry.getValue()))
			.toList());
	}

}
