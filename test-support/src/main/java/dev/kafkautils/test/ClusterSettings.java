package dev.kafkautils.test;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What a {@link KafkaClusterBuilder} held when it started a cluster: a copy, so that
 * changing the builder later leaves a running cluster alone.
 *
 * @param nodes how many nodes
 * @param heap the heap of each node
 * @param jvmOptions JVM options of each node, besides the heap
 * @param brokerProperties broker settings over the cluster's defaults, in the order given
 * @param startTimeout how long the nodes may take to start and join the cluster
 * @param portReservation where the nodes' ports come from
 * @param clientListeners the secured client listeners of each node
 */
record ClusterSettings(int nodes, String heap, List<String> jvmOptions, Map<String, String> brokerProperties,
		Duration startTimeout, IntFunction<ReservedPorts> portReservation, ClientListeners clientListeners) {

	ClusterSettings {
		jvmOptions = List.copyOf(jvmOptions);
		brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties));
	}

	/** Ports of each node: the plaintext broker listener, the controller, then each secured listener. */
	int portsPerNode() {
		return 2 + this.clientListeners.protocols().size();
	}

}
