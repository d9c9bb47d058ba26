package dev.kafkautils.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link KafkaCluster}, from {@link KafkaCluster#builder()}. The defaults suit
 * tests on a small machine: one node, 384 MB of heap, the serial collector and the client
 * compiler (a fast start, little CPU), two network and two I/O threads.
 */
public final class KafkaClusterBuilder {

	private static final Set<String> SCRAM_MECHANISMS = Set.of("SCRAM-SHA-256", "SCRAM-SHA-512");

	private int nodes = 1;

	private String heap = "384m";

	private List<String> jvmOptions = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	private final Map<String, String> brokerProperties = new LinkedHashMap<>();

	private Duration startTimeout = Duration.ofSeconds(90);

	private IntFunction<ReservedPorts> portReservation = ReservedPorts::reserve;

	private @Nullable String saslMechanism;

	private final Map<String, String> scramUsers = new LinkedHashMap<>();

	private @Nullable BrokerCertificate certificate;

	KafkaClusterBuilder() {
	}

	/**
	 * How many nodes, each a broker and a KRaft controller (voter). Internal topics are
	 * replicated to all of them, with a minimum in-sync replica count of 2 from two nodes.
	 * @param nodes 1 or more; 3 keeps a quorum and {@code min.insync.replicas=2} with one
	 * node down
	 * @return this builder
	 */
	public KafkaClusterBuilder nodes(int nodes) {
		if (nodes < 1) {
			throw new IllegalArgumentException("A cluster needs at least one node, not " + nodes);
		}
		this.nodes = nodes;
		return this;
	}

	/**
	 * The heap of each node ({@code -Xms} and {@code -Xmx}).
	 * @param heap a JVM size, for example {@code 512m} or {@code 1g}
	 * @return this builder
	 */
	public KafkaClusterBuilder heap(String heap) {
		this.heap = heap;
		return this;
	}

	/**
	 * JVM options of each node, instead of the defaults ({@code -XX:+UseSerialGC
	 * -XX:TieredStopAtLevel=1}); the heap is set by {@link #heap(String)}.
	 * @param options JVM options, for example Kafka's own
	 * {@code -XX:+UseG1GC -XX:MaxGCPauseMillis=20} for measurements
	 * @return this builder
	 */
	public KafkaClusterBuilder jvmOptions(String... options) {
		this.jvmOptions = List.of(options);
		return this;
	}

	/**
	 * A broker setting of every node, over the cluster's defaults: for example
	 * {@code min.insync.replicas}, {@code default.replication.factor},
	 * {@code num.partitions} or {@code auto.create.topics.enable}.
	 * @param key a Kafka server property; not one of the node's identity, listeners,
	 * quorum or log directories, which the cluster sets
	 * @param value its value
	 * @return this builder
	 */
	public KafkaClusterBuilder brokerProperty(String key, String value) {
		if (NodeConfiguration.OWN_PROPERTIES.contains(key)) {
			throw new IllegalArgumentException(key + " is set by KafkaCluster for each node");
		}
		this.brokerProperties.put(key, value);
		return this;
	}

	/**
	 * How long the nodes may take to start and join the cluster.
	 * @param timeout 90 seconds unless set
	 * @return this builder
	 */
	public KafkaClusterBuilder startTimeout(Duration timeout) {
		this.startTimeout = timeout;
		return this;
	}

	/**
	 * A {@code SASL_PLAINTEXT} client listener on every node, authenticating with SCRAM,
	 * besides the plaintext one (which the nodes, their controllers and
	 * {@link KafkaCluster#admin()} keep using). Its users are created when the storage is
	 * formatted, before a node starts: add them with {@link #scramUser(String, String)}.
	 * {@link KafkaCluster#bootstrapServers(org.apache.kafka.common.security.auth.SecurityProtocol)
	 * bootstrapServers(SASL_PLAINTEXT)} gives its addresses.
	 * @param mechanism {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
	 * @return this builder
	 */
	public KafkaClusterBuilder saslListener(String mechanism) {
		if (!SCRAM_MECHANISMS.contains(mechanism)) {
			throw new IllegalArgumentException("The SASL listener takes " + SCRAM_MECHANISMS + ", not " + mechanism);
		}
		this.saslMechanism = mechanism;
		return this;
	}

	/**
	 * A SCRAM user of the {@link #saslListener(String) SASL listener}.
	 * @param name the user name
	 * @param password its password
	 * @return this builder
	 */
	public KafkaClusterBuilder scramUser(String name, String password) {
		for (String value : List.of(name, password)) {
			if (value.isEmpty() || value.chars().anyMatch((c) -> ",[]=\"\\ ".indexOf(c) >= 0)) {
				throw new IllegalArgumentException(
						"SCRAM user names and passwords here are non-empty, without , [ ] = \" \\ or spaces");
			}
		}
		this.scramUsers.put(name, password);
		return this;
	}

	/**
	 * An {@code SSL} client listener on every node, serving the given certificate,
	 * besides the plaintext one (which the nodes, their controllers and
	 * {@link KafkaCluster#admin()} keep using). Clients need no certificate of their own.
	 * {@link KafkaCluster#bootstrapServers(org.apache.kafka.common.security.auth.SecurityProtocol)
	 * bootstrapServers(SSL)} gives its addresses.
	 * @param certificate the certificate, for example {@link BrokerCertificate#selfSigned}
	 * @return this builder
	 */
	public KafkaClusterBuilder sslListener(BrokerCertificate certificate) {
		this.certificate = certificate;
		return this;
	}

	/** Where the ports come from; tests of the port race replace it. */
	KafkaClusterBuilder portReservation(IntFunction<ReservedPorts> portReservation) {
		this.portReservation = portReservation;
		return this;
	}

	/**
	 * Start the nodes and wait until each serves and is registered.
	 * @return the running cluster; close it
	 * @throws IllegalStateException if a node does not start, with the end of its log
	 */
	public KafkaCluster start() {
		// a snapshot, so that changing the builder later leaves a running cluster alone
		if (this.saslMechanism == null && !this.scramUsers.isEmpty()) {
			throw new IllegalStateException("SCRAM users need a SASL listener: call saslListener(mechanism)");
		}
		return KafkaCluster.start(new ClusterSettings(this.nodes, this.heap, this.jvmOptions, this.brokerProperties,
				this.startTimeout, this.portReservation,
				new ClientListeners(this.saslMechanism, this.scramUsers, this.certificate)));
	}

}
