package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Brings the cluster in line with planned topics through a Kafka {@link Admin}: checks
 * replication against the brokers, creates missing topics, adds partitions, reports
 * (and optionally corrects) configuration drift, and waits until every new partition has
 * a leader that answers an offset lookup.
 * <p>
 * The wait matters on Kafka 4.2: an idempotent producer that sends the instant a new
 * topic gets its leader can lose its first batch (KAFKA-15591), so start-up completes
 * only once new partitions are fully served. Partitions are never removed and
 * replication of existing topics is never changed; both are logged.
 */
public class TopicProvisioner {

	private static final Log logger = LogFactory.getLog(TopicProvisioner.class);

	static final String MAX_REPLICATION = ReplicationLimit.MAX_REPLICATION;

	static final String ENABLED = "kafka.utils.provisioning.enabled";

	static final String UPDATE_CONFIGS = "kafka.utils.provisioning.update-configs";

	static final String READY_TIMEOUT = "kafka.utils.provisioning.ready-timeout";

	static final String OPERATION_TIMEOUT = "kafka.utils.provisioning.operation-timeout";

	private final ProvisioningProperties settings;

	public TopicProvisioner(ProvisioningProperties settings) {
		this.settings = settings;
	}

	/**
	 * Provision topics.
	 * @param admin the admin client to use; not closed
	 * @param topics the planned topics
	 * @return what was done
	 * @throws TopicProvisioningException when the cluster cannot hold the topics as
	 * planned or does not answer in time
	 */
	public ProvisioningReport provision(Admin admin, List<TopicSpec> topics) {
		if (topics.isEmpty()) {
			return ProvisioningReport.NOTHING;
		}
		try {
			return run(admin, topics);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TopicProvisioningException(
					new Problem(ENABLED, "Interrupted while provisioning topics", "Start the application again"), ex);
		}
		catch (TimeoutException ex) {
			throw new TopicProvisioningException(new Problem(OPERATION_TIMEOUT,
					"The Kafka cluster did not answer a topic request within " + this.settings.getOperationTimeout(),
					"Check that the cluster is healthy and reachable, raise " + OPERATION_TIMEOUT + ", or set "
							+ ENABLED + "=false where topics are managed elsewhere"),
					ex);
		}
	}

	private ProvisioningReport run(Admin admin, List<TopicSpec> topics) throws InterruptedException, TimeoutException {
		checkReplication(topics, brokerCount(admin));
		Map<String, TopicSpec> byName = topics.stream()
			.collect(Collectors.toMap(TopicSpec::name, Function.identity(), (first, second) -> first,
					LinkedHashMap::new));
		Map<String, TopicDescription> existing = describe(admin, byName.keySet());
		Map<TopicPartition, OffsetSpec> newPartitions = new HashMap<>();
		List<TopicSpec> missing = topics.stream().filter((spec) -> !existing.containsKey(spec.name())).toList();
		List<String> created = create(admin, missing, newPartitions);
		List<String> createdElsewhere = missing.stream()
			.map(TopicSpec::name)
			.filter((name) -> !created.contains(name))
			.toList();
		if (!createdElsewhere.isEmpty()) {
			// another instance created them in the meantime: check them like existing topics
			Map<String, TopicDescription> racing = describe(admin, createdElsewhere);
			racing.values()
				.forEach((topic) -> addPartitions(newPartitions, topic.name(), 0, topic.partitions().size()));
			existing.putAll(racing);
			createdElsewhere.stream()
				.filter((name) -> !racing.containsKey(name))
				.forEach((name) -> logger.info("Topic '" + name + "' was created by another client at the same time "
						+ "and is not visible yet; it is checked at the next start"));
		}
		List<String> increased = new ArrayList<>();
		List<String> notDecreased = new ArrayList<>();
		existing.forEach((name, description) -> {
			TopicSpec spec = byName.get(name);
			int actual = description.partitions().size();
			if (spec.partitions() > actual) {
				logger.info("Increasing the partitions of topic '" + name + "' from " + actual + " to "
						+ spec.partitions() + " (" + spec.propertyFor("partitions") + ")");
				addPartitions(newPartitions, name, actual, spec.partitions());
				increased.add(name);
			}
			else if (spec.partitions() < actual) {
				logger.warn("Topic '" + name + "' has " + actual + " partitions, more than the " + spec.partitions()
						+ " of " + spec.propertyFor("partitions") + ". Kafka cannot remove partitions; "
						+ "the topic is left as it is.");
				notDecreased.add(name);
			}
			int replication = description.partitions().isEmpty() ? 0
					: description.partitions().get(0).replicas().size();
			if (replication != spec.replicas()) {
				logger.warn("Topic '" + name + "' has replication factor " + replication + " where "
						+ spec.propertyFor("replicas") + " plans " + spec.replicas() + ". Existing topics keep their "
						+ "replication: changing it takes a partition reassignment.");
			}
		});
		increasePartitions(admin, increased, byName);
		Map<String, Map<String, String>> drift = configDrift(admin, existing.keySet(), byName);
		boolean update = !drift.isEmpty() && this.settings.isUpdateConfigs();
		if (update) {
			updateConfigs(admin, drift, byName);
		}
		awaitReady(admin, newPartitions);
		if (!created.isEmpty() || !increased.isEmpty()) {
			logger.info("Provisioned Kafka topics: created " + created + ", added partitions to " + increased);
		}
		return new ProvisioningReport(created, increased, notDecreased, drift, update);
	}

	private int brokerCount(Admin admin) throws InterruptedException, TimeoutException {
		try {
			return await(admin.describeCluster().nodes()).size();
		}
		catch (ExecutionException ex) {
			throw new TopicProvisioningException(new Problem(ENABLED,
					"Could not list the brokers of the Kafka cluster: " + describe(ex.getCause()),
					actionFor(ex.getCause(), ENABLED)), ex.getCause());
		}
	}

	private void checkReplication(List<TopicSpec> topics, int brokers) {
		Map<String, List<TopicSpec>> tooHigh = topics.stream()
			.filter((spec) -> spec.replicas() > brokers)
			.collect(Collectors.groupingBy((spec) -> spec.isClamped() ? MAX_REPLICATION : spec.propertyFor("replicas"),
					LinkedHashMap::new, Collectors.toList()));
		if (tooHigh.isEmpty()) {
			return;
		}
		List<Problem> problems = new ArrayList<>();
		tooHigh.forEach((property, specs) -> {
			String names = specs.stream().map(TopicSpec::name).collect(Collectors.joining(", "));
			String description = "Topic(s) " + names + " need replication factor " + specs.get(0).replicas() + " ("
					+ property + "), but the Kafka cluster has " + brokers + " broker(s)";
			String action = property.equals(MAX_REPLICATION) ? "Set " + MAX_REPLICATION + " to at most " + brokers
					: "On a development cluster, set " + MAX_REPLICATION + "=" + brokers
							+ " to lower replication and min.insync.replicas; otherwise set " + property
							+ " to at most " + brokers + " or add brokers";
			problems.add(new Problem(property, description, action));
		});
		throw new TopicProvisioningException(problems);
	}

	private Map<String, TopicDescription> describe(Admin admin, Collection<String> names)
			throws InterruptedException, TimeoutException {
		Map<String, TopicDescription> found = new LinkedHashMap<>();
		Map<String, KafkaFuture<TopicDescription>> results = admin.describeTopics(names).topicNameValues();
		for (String name : names) {
			try {
				found.put(name, await(results.get(name)));
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
					throw new TopicProvisioningException(new Problem(ENABLED,
							"Could not describe topic '" + name + "': " + describe(ex.getCause()),
							actionFor(ex.getCause(), ENABLED)), ex.getCause());
				}
			}
		}
		return found;
	}

	private List<String> create(Admin admin, List<TopicSpec> missing, Map<TopicPartition, OffsetSpec> newPartitions)
			throws InterruptedException, TimeoutException {
		if (missing.isEmpty()) {
			return List.of();
		}
		Map<String, KafkaFuture<Void>> results = admin
			.createTopics(missing.stream().map(TopicSpec::toNewTopic).toList())
			.values();
		List<String> created = new ArrayList<>();
		List<Problem> problems = new ArrayList<>();
		Throwable firstFailure = null;
		for (TopicSpec spec : missing) {
			try {
				await(results.get(spec.name()));
				created.add(spec.name());
				addPartitions(newPartitions, spec.name(), 0, spec.partitions());
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					problems.add(problem("create", spec, ex.getCause()));
					firstFailure = (firstFailure != null) ? firstFailure : ex.getCause();
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new TopicProvisioningException(problems, firstFailure);
		}
		return created;
	}

	private void increasePartitions(Admin admin, List<String> names, Map<String, TopicSpec> byName)
			throws InterruptedException, TimeoutException {
		if (names.isEmpty()) {
			return;
		}
		Map<String, NewPartitions> increases = new LinkedHashMap<>();
		names.forEach((name) -> increases.put(name, NewPartitions.increaseTo(byName.get(name).partitions())));
		Map<String, KafkaFuture<Void>> results = admin.createPartitions(increases).values();
		for (String name : names) {
			try {
				await(results.get(name));
			}
			catch (ExecutionException ex) {
				throw new TopicProvisioningException(problem("add partitions to", byName.get(name), ex.getCause()),
						ex.getCause());
			}
		}
	}

	private Map<String, Map<String, String>> configDrift(Admin admin, Collection<String> names,
			Map<String, TopicSpec> byName) throws InterruptedException, TimeoutException {
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
				actual = await(results.get(resource));
			}
			catch (ExecutionException ex) {
				throw new TopicProvisioningException(problem("describe the configuration of", spec, ex.getCause()),
						ex.getCause());
			}
			Map<String, String> differences = differences(spec, actual);
			if (!differences.isEmpty()) {
				drift.put(spec.name(), differences);
			}
		}
		return drift;
	}

	private Map<String, String> differences(TopicSpec spec, Config actual) {
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
		if (!differences.isEmpty()) {
			String found = differences.entrySet()
				.stream()
				.map((difference) -> difference.getKey() + "=" + difference.getValue() + " (planned "
						+ spec.config().get(difference.getKey()) + " by "
						+ spec.propertyFor("config." + difference.getKey()) + ")")
				.collect(Collectors.joining(", "));
			String outcome = this.settings.isUpdateConfigs() ? "; setting the planned values"
					: "; set " + UPDATE_CONFIGS + "=true to apply the planned values";
			logger.warn("Configuration of topic '" + spec.name() + "' differs from its plan: " + found + outcome);
		}
		return differences;
	}

	private void updateConfigs(Admin admin, Map<String, Map<String, String>> drift, Map<String, TopicSpec> byName)
			throws InterruptedException, TimeoutException {
		Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
		drift.forEach((name, differences) -> changes.put(new ConfigResource(ConfigResource.Type.TOPIC, name),
				differences.keySet()
					.stream()
					.map((key) -> new AlterConfigOp(new ConfigEntry(key, byName.get(name).config().get(key)),
							AlterConfigOp.OpType.SET))
					.toList()));
		Map<ConfigResource, KafkaFuture<Void>> results = admin.incrementalAlterConfigs(changes).values();
		for (ConfigResource resource : changes.keySet()) {
			try {
				await(results.get(resource));
			}
			catch (ExecutionException ex) {
				TopicSpec spec = byName.get(resource.name());
				throw new TopicProvisioningException(problem("update the configuration of", spec, ex.getCause()),
						ex.getCause());
			}
		}
	}

	private void awaitReady(Admin admin, Map<TopicPartition, OffsetSpec> partitions) throws InterruptedException {
		if (partitions.isEmpty()) {
			return;
		}
		Duration timeout = this.settings.getReadyTimeout();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
			try {
				admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs((int) Math.min(remainingMs, 5_000)))
					.all()
					.get(remainingMs, TimeUnit.MILLISECONDS);
				logger.debug("All " + partitions.size() + " new partition(s) answer offset lookups");
				return;
			}
			catch (ExecutionException | TimeoutException ex) {
				if (System.nanoTime() - deadline >= 0) {
					String topics = partitions.keySet()
						.stream()
						.map(TopicPartition::topic)
						.distinct()
						.sorted()
						.collect(Collectors.joining(", "));
					throw new TopicProvisioningException(new Problem(READY_TIMEOUT,
							"New partitions of topic(s) " + topics
									+ " did not get a leader answering offset lookups within " + timeout,
							"Check the health of the brokers, or raise " + READY_TIMEOUT), ex);
				}
			}
			Thread.sleep(100);
		}
	}

	/**
	 * The result of an admin request, waiting at most the operation timeout; a client-side
	 * timeout counts as the operation timing out.
	 */
	private <T> T await(KafkaFuture<T> future) throws InterruptedException, TimeoutException, ExecutionException {
		try {
			return future.get(Math.max(1, this.settings.getOperationTimeout().toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException timeout) {
				throw (TimeoutException) new TimeoutException(timeout.getMessage()).initCause(timeout);
			}
			throw ex;
		}
	}

	private Problem problem(String operation, TopicSpec spec, Throwable cause) {
		String property;
		if (cause instanceof InvalidReplicationFactorException) {
			property = spec.isClamped() ? MAX_REPLICATION : spec.propertyFor("replicas");
		}
		else if (cause instanceof InvalidPartitionsException) {
			property = spec.propertyFor("partitions");
		}
		else if (cause instanceof InvalidTopicException) {
			property = spec.propertyFor("name");
		}
		else if (cause instanceof InvalidConfigurationException || cause instanceof PolicyViolationException) {
			property = configProperties(spec);
		}
		else {
			property = ENABLED;
		}
		return new Problem(property, "Could not " + operation + " topic '" + spec.name() + "' (tier " + spec.tier()
				+ "): " + describe(cause), actionFor(cause, property));
	}

	private static String describe(Throwable cause) {
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

	private static String configProperties(TopicSpec spec) {
		return spec.config()
			.keySet()
			.stream()
			.map((key) -> spec.propertyFor("config." + key))
			.distinct()
			.collect(Collectors.joining(", "));
	}

	private static String actionFor(Throwable cause, String property) {
		if (cause instanceof AuthorizationException) {
			return "Grant this service's principal the ACLs to describe and create topics, or set " + ENABLED
					+ "=false where topics are managed elsewhere";
		}
		return "Correct " + property + ", or set " + ENABLED + "=false where topics are managed elsewhere";
	}

	private static void addPartitions(Map<TopicPartition, OffsetSpec> partitions, String topic, int from, int to) {
		for (int partition = from; partition < to; partition++) {
			partitions.put(new TopicPartition(topic, partition), OffsetSpec.latest());
		}
	}

}
