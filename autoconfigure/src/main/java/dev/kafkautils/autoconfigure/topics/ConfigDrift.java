package dev.kafkautils.autoconfigure.topics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Configuration drift of existing topics: planned topic configs whose value on the cluster
 * differs, each logged with the property that plans it, and set to the planned values
 * only with {@code kafka.utils.provisioning.update-configs=true}, since a value changed on
 * the cluster may be a deliberate operational fix. Only the planned keys are compared;
 * the rest of a topic's configuration is not the plan's to judge.
 */
final class ConfigDrift {

	// the provisioner's category: one logger to configure for everything provisioning says
	private static final Log logger = LogFactory.getLog(TopicProvisioner.class);

	static final String UPDATE_CONFIGS = "kafka.utils.provisioning.update-configs";

	private final ProvisioningProperties settings;

	private final OperationTimeout operationTimeout;

	ConfigDrift(ProvisioningProperties settings, OperationTimeout operationTimeout) {
		this.settings = settings;
		this.operationTimeout = operationTimeout;
	}

	/**
	 * Read the configuration of existing topics and compare it with their plan, logging
	 * every topic that differs.
	 * @param admin the admin client
	 * @param names the existing topics
	 * @param byName the planned topics by name
	 * @return topic to config name to the value found on the cluster, for the topics that
	 * differ
	 */
	Map<String, Map<String, String>> find(Admin admin, Collection<String> names, Map<String, TopicSpec> byName)
			throws InterruptedException, TimeoutException {
		Map<String, Map<String, String>> drift = new LinkedHashMap<>();
		if (names.isEmpty()) {
			return drift;
		}
		List<ConfigResource> resources = names.stream()
			.map((name) -> new ConfigResource(ConfigResource.Type.TOPIC, name))
			.toList();
		Map<ConfigResource, KafkaFuture<Config>> results = admin.describeConfigs(resources).values();
		for (ConfigResource resource : resources) {
			TopicSpec spec = byName.get(resource.name());
			Config actual;
			try {
				actual = this.operationTimeout.await(results.get(resource));
			}
			catch (ExecutionException ex) {
				throw new TopicProvisioningException(
						ProvisioningProblems.failed("describe the configuration of", spec, ex.getCause()),
						ex.getCause());
			}
			Map<String, String> differences = differences(spec, actual);
			if (!differences.isEmpty()) {
				logger.warn(driftWarning(spec, differences, this.settings.isUpdateConfigs()));
				drift.put(spec.name(), differences);
			}
		}
		return drift;
	}

	/**
	 * Set the planned values of the configs that differ.
	 * @param admin the admin client
	 * @param drift what {@link #find} found
	 * @param byName the planned topics by name
	 */
	void apply(Admin admin, Map<String, Map<String, String>> drift, Map<String, TopicSpec> byName)
			throws InterruptedException, TimeoutException {
		Map<ConfigResource, Collection<AlterConfigOp>> changes = plannedValues(drift, byName);
		Map<ConfigResource, KafkaFuture<Void>> results = admin.incrementalAlterConfigs(changes).values();
		for (ConfigResource resource : changes.keySet()) {
			try {
				this.operationTimeout.await(results.get(resource));
			}
			catch (ExecutionException ex) {
				TopicSpec spec = byName.get(resource.name());
				throw new TopicProvisioningException(
						ProvisioningProblems.failed("update the configuration of", spec, ex.getCause()), ex.getCause());
			}
		}
	}

	/**
	 * The planned configs of a topic whose value on the cluster differs. A planned config
	 * the cluster does not know is logged and left out: no value of it can be compared or
	 * set.
	 * @param spec the planned topic
	 * @param actual the topic's configuration on the cluster
	 * @return config name to the value found on the cluster, in the plan's order
	 */
	static Map<String, String> differences(TopicSpec spec, Config actual) {
		Map<String, String> differences = new LinkedHashMap<>();
		spec.config().forEach((key, planned) -> {
			ConfigEntry entry = actual.get(key);
			if (entry == null) {
				logger.warn("Topic config '" + key + "' (" + spec.propertyFor("config." + key)
						+ ") is unknown to the cluster; topic '" + spec.name() + "' keeps its settings");
			}
			else if (!planned.equals(entry.value())) {
				differences.put(key, entry.value());
			}
		});
		return differences;
	}

	/**
	 * @param spec the planned topic
	 * @param differences what {@link #differences} found, not empty
	 * @param updateConfigs whether the planned values are set
	 * @return the warning: each value found, the planned value and its property, and what
	 * happens next
	 */
	static String driftWarning(TopicSpec spec, Map<String, String> differences, boolean updateConfigs) {
		String found = differences.entrySet()
			.stream()
			.map((difference) -> difference.getKey() + "=" + difference.getValue() + " (planned "
					+ spec.config().get(difference.getKey()) + " by "
					+ spec.propertyFor("config." + difference.getKey()) + ")")
			.collect(Collectors.joining(", "));
		String outcome = updateConfigs ? "; setting the planned values"
				: "; set " + UPDATE_CONFIGS + "=true to apply the planned values";
		return "Configuration of topic '" + spec.name() + "' differs from its plan: " + found + outcome;
	}

	/**
	 * @param drift topic to config name to the value found on the cluster
	 * @param byName the planned topics by name
	 * @return per topic, the operations that set each differing config to its planned
	 * value; nothing else of the topic's configuration is touched
	 */
	static Map<ConfigResource, Collection<AlterConfigOp>> plannedValues(Map<String, Map<String, String>> drift,
			Map<String, TopicSpec> byName) {
		Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
		drift.forEach((name, differences) -> changes.put(new ConfigResource(ConfigResource.Type.TOPIC, name),
				differences.keySet()
					.stream()
					.map((key) -> new AlterConfigOp(new ConfigEntry(key, byName.get(name).config().get(key)),
							AlterConfigOp.OpType.SET))
					.toList()));
		return changes;
	}

}
