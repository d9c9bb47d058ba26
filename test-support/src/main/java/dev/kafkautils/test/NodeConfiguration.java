package dev.kafkautils.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * What the nodes of a cluster run with: each node's {@code server.properties} and
 * formatted storage, and the {@code java} command line that starts a node.
 */
final class NodeConfiguration {

	/** Settings that identify a node and its listeners: the cluster sets them, never the caller. */
	static final Set<String> OWN_PROPERTIES = Set.of("process.roles", "node.id", "listeners", "advertised.listeners",
			"controller.listener.names", "inter.broker.listener.name", "listener.security.protocol.map",
			"controller.quorum.voters", "controller.quorum.bootstrap.servers", "log.dirs", "log.dir");

	private final ClusterSettings settings;

	NodeConfiguration(ClusterSettings settings) {
		this.settings = settings;
	}

	/**
	 * Nodes 1..n, each with a broker and a controller port, configured and formatted.
	 * @param ports {@link ClusterSettings#portsPerNode()} for each node: its broker port,
	 * its controller port, then one for each secured client listener
	 * @param directory the cluster's directory, where each node gets its own
	 * @return the nodes, in the order of their ids
	 */
	List<KafkaNode> createNodes(ReservedPorts ports, Path directory) {
		List<KafkaNode> nodes = new ArrayList<>();
		List<SecurityProtocol> secured = this.settings.clientListeners().protocols();
		for (int id = 1; id <= this.settings.nodes(); id++) {
			int first = this.settings.portsPerNode() * (id - 1);
			Map<SecurityProtocol, Integer> securedPorts = new LinkedHashMap<>();
			for (int i = 0; i < secured.size(); i++) {
				securedPorts.put(secured.get(i), ports.port(first + 2 + i));
			}
			nodes.add(new KafkaNode(id, ports.port(first), ports.port(first + 1), securedPorts,
					directory.resolve("node-" + id)));
		}
		String voters = nodes.stream()
			.map((node) -> node.id() + "@127.0.0.1:" + node.controllerPort())
			.collect(Collectors.joining(","));
		String clusterId = Uuid.randomUuid().toString();
		List<String> formatArguments = this.settings.clientListeners().formatArguments();
		for (KafkaNode node : nodes) {
			configure(node, serverProperties(node, voters), clusterId, formatArguments);
		}
		return nodes;
	}

	/**
	 * The command that starts a node.
	 * @return the java command and its options, up to the class path
	 */
	List<String> jvmCommand() {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xms" + this.settings.heap());
		command.add("-Xmx" + this.settings.heap());
		command.addAll(this.settings.jvmOptions());
		command.add("-Djava.awt.headless=true");
		command.addAll(BrokerLogging.jvmOptions());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		return command;
	}

	private Map<String, String> serverProperties(KafkaNode node, String voters) {
		int size = this.settings.nodes();
		String minIsr = String.valueOf(Math.min(2, size));
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", String.valueOf(node.id()));
		StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:"
				+ node.controllerPort());
		StringBuilder advertised = new StringBuilder("PLAINTEXT://" + node.address());
		StringBuilder protocols = new StringBuilder("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
		// secured client listeners are named after their protocol; the nodes talk plaintext among themselves
		node.securedPorts().forEach((protocol, port) -> {
			listeners.append(',').append(protocol.name).append("://127.0.0.1:").append(port);
			advertised.append(',').append(protocol.name).append("://").append(node.address(protocol));
			protocols.append(',').append(protocol.name).append(':').append(protocol.name);
		});
		properties.put("listeners", listeners.toString());
		properties.put("advertised.listeners", advertised.toString());
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", protocols.toString());
		properties.put("controller.quorum.voters", voters);
		properties.put("log.dirs", node.dataDirectory().toString());
		// internal topics on every node, and as many partitions as nodes for the offsets
		properties.put("offsets.topic.replication.factor", String.valueOf(size));
		properties.put("offsets.topic.num.partitions", String.valueOf(size));
		properties.put("transaction.state.log.replication.factor", String.valueOf(size));
		properties.put("transaction.state.log.min.isr", minIsr);
		properties.put("share.coordinator.state.topic.replication.factor", String.valueOf(size));
		properties.put("share.coordinator.state.topic.min.isr", minIsr);
		properties.put("group.initial.rebalance.delay.ms", "0");
		// a test creates its topics: a misspelt name fails instead of creating a topic
		properties.put("auto.create.topics.enable", "false");
		// test traffic is light, and a few nodes share a couple of cores
		properties.put("num.network.threads", "2");
		properties.put("num.io.threads", "2");
		properties.putAll(this.settings.clientListeners().serverProperties());
		properties.putAll(this.settings.brokerProperties());
		return properties;
	}

	/** Write the node's configuration and format its storage for the cluster. */
	private static void configure(KafkaNode node, Map<String, String> properties, String clusterId,
			List<String> formatArguments) {
		List<String> lines = new ArrayList<>();
		properties.forEach((key, value) -> lines.add(key + "=" + value));
		try {
			Files.createDirectories(node.directory());
			Files.write(node.configurationFile(), lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// the storage tool only writes files: running it in this JVM saves a JVM start per node
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int status;
		try {
			List<String> arguments = new ArrayList<>(
					List.of("format", "-t", clusterId, "-c", node.configurationFile().toString()));
			// SCRAM users go into the metadata log's bootstrap records, so they exist from the first start
			arguments.addAll(formatArguments);
			status = StorageTool.execute(arguments.toArray(String[]::new),
					new PrintStream(output, true, StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			// the tool validates the whole server configuration first
			throw new IllegalStateException("Kafka node " + node.id() + " cannot start: " + ex.getMessage(), ex);
		}
		if (status != 0) {
			throw new IllegalStateException("Formatting the storage of Kafka node " + node.id() + " failed: "
					+ output.toString(StandardCharsets.UTF_8));
		}
	}

}
