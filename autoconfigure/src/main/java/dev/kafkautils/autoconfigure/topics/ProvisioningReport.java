package dev.kafkautils.autoconfigure.topics;

import java.util.List;
import java.util.Map;

/**
 * What one provisioning run did to the cluster.
 *
 * @param created topics created
 * @param increased topics whose partition count was raised
 * @param notDecreased topics that have more partitions than planned and were left as
 * they are
 * @param configDrift existing topics whose configuration differs from the plan: topic
 * to config name to the value found on the cluster
 * @param configsUpdated whether the differing configuration was set to the planned values
 */
public record ProvisioningReport(List<String> created, List<String> increased, List<String> notDecreased,
		Map<String, Map<String, String>> configDrift, boolean configsUpdated) {

	static final ProvisioningReport NOTHING = new ProvisioningReport(List.of(), List.of(), List.of(), Map.of(), false);

}
