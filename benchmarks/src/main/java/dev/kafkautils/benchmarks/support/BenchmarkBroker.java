package dev.kafkautils.benchmarks.support;

import dev.kafkautils.test.KafkaCluster;

/**
 * The broker the benchmarks measure against: one KRaft node of kafka-utils-test's
 * {@link KafkaCluster}, tuned as a broker rather than as a test fixture: the JVM options of
 * {@code kafka-server-start.sh} (G1, 20 ms pause target) instead of the serial collector,
 * and Kafka's own network and I/O thread counts instead of the test defaults of two each.
 */
public final class BenchmarkBroker {

	private BenchmarkBroker() {
	}

	/**
	 * Start the broker and wait until it serves.
	 * @param heap the broker's heap, for example {@code 1g}
	 * @return the running broker, node 1 of a one-node cluster; close it
	 */
	public static KafkaCluster start(String heap) {
		return KafkaCluster.builder()
			.heap(heap)
			.jvmOptions("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
					"-XX:+ExplicitGCInvokesConcurrent")
			.brokerProperty("num.network.threads", "3")
			.brokerProperty("num.io.threads", "8")
			.start();
	}

}
