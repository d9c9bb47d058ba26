package dev.kafkautils.autoconfigure.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Brings the cluster in line with planned topics through a Kafka {@link Admin}: checks
 * replication against the brokers, creates missing topics, adds partitions, reports
 * (and optionally corrects) configuration drift ({@link ConfigDrift}), and waits until
 * every new partition has a leader that answers an offset lookup
 * ({@link PartitionReadiness}). What goes wrong is reported as problems that name the
 * property to change ({@link ProvisioningProblems}).
 * <p>
 * The wait matters on Kafka 4.2: an idempotent producer that sends the instant a new
 * topic gets its leader can lose its first batch (KAFKA-15591), so start-up completes
 * only once new partitions are fully served. Partitions are never removed and
 * replication of existing topics is never changed; both are logged.
 */
public class TopicProvisioner {

	private static final Log logger = LogFactory.getLog(TopicProvisioner.class);

	private final ProvisioningProperties settings;

	private final OperationTimeout operationTimeout;

	private final ConfigDrift configDrift;

	private final PartitionReadiness readiness;

	public TopicProvisioner(ProvisioningProperties settings) {
		this.settings = settings;
		this.operationTimeout = new OperationTimeout(settings);
		this.configDrift = new ConfigDrift(settings, this.operationTimeout);
		this.readiness = new PartitionReadiness(settings);
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
			throw new TopicProvisioningException(ProvisioningProblems.interrupted(), ex);
		}
		catch (TimeoutException ex) {
			throw new TopicProvisioningException(ProvisioningProblems.noAnswer(this.settings.getOperationTimeout()),
					ex);
		}
	}

	private ProvisioningReport run(Admin admin, List<TopicSpec> topics) throws InterruptedException, TimeoutException {
		List<Problem> tooHigh = ProvisioningProblems.replicationAboveBrokerCount(topics, brokerCount(admin));
		if (!tooHigh.isEmpty()) {
			throw new TopicProvisioningException(tooHigh);
		}
		Map<String, TopicSpec> byName = topics.stream()
			.collect(Collectors.toMap(TopicSpec::name, Function.identity(), (first, second) -> first,
					LinkedHashMap::new));
		Map<String, TopicDescription> existing = describe(admin, byName.keySet());
		Set<TopicPartition> newPartitions = new HashSet<>();
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
			warnAboutReplication(spec, description);
		});
		increasePartitions(admin, increased, byName);
		Map<String, Map<String, String>> drift = this.configDrift.find(admin, existing.keySet(), byName);
		boolean update = !drift.isEmpty() && this.settings.isUpdateConfigs();
		if (update) {
			this.configDrift.apply(admin, drift, byName);
		}
		this.readiness.await(admin, newPartitions);
		if (!created.isEmpty() || !increased.isEmpty()) {
			logger.info("Provisioned Kafka topics: created " + created + ", added partitions to " + increased);
		}
		return new ProvisioningReport(created, increased, notDecreased, drift, update);
	}

	private int brokerCount(Admin admin) throws InterruptedException, TimeoutException {
		try {
			return this.operationTimeout.await(admin.describeCluster().nodes()).size();
		}
		catch (ExecutionException ex) {
			throw new TopicProvisioningException(ProvisioningProblems.brokersNotListed(ex.getCause()), ex.getCause());
		}
	}

	private Map<String, TopicDescription> describe(Admin admin, Collection<String> names)
			throws InterruptedException, TimeoutException {
		Map<String, TopicDescription> found = new LinkedHashMap<>();
		Map<String, KafkaFuture<TopicDescription>> results = admin.describeTopics(names).topicNameValues();
		for (String name : names) {
			try {
				found.put(name, this.operationTimeout.await(results.get(name)));
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
					throw new TopicProvisioningException(ProvisioningProblems.topicNotDescribed(name, ex.getCause()),
							ex.getCause());
				}
			}
		}
		return found;
	}

	private List<String> create(Admin admin, List<TopicSpec> missing, Set<TopicPartition> newPartitions)
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
				this.operationTimeout.await(results.get(spec.name()));
				created.add(spec.name());
				addPartitions(newPartitions, spec.name(), 0, spec.partitions());
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					problems.add(ProvisioningProblems.failed("create", spec, ex.getCause()));
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
				this.operationTimeout.await(results.get(name));
			}
			catch (ExecutionException ex) {
				throw new TopicProvisioningException(
						ProvisioningProblems.failed("add partitions to", byName.get(name), ex.getCause()),
						ex.getCause());
			}
		}
	}

	private static void warnAboutReplication(TopicSpec spec, TopicDescription description) {
		int replication = description.partitions().isEmpty() ? 0 : description.partitions().get(0).replicas().size();
		if (replication != spec.replicas()) {
			logger.warn("Topic '" + spec.name() + "' has replication factor " + replication + " where "
					+ spec.propertyFor("replicas") + " plans " + spec.replicas() + ". Existing topics keep their "
					+ "replication: changing it takes a partition reassignment.");
		}
	}

	private static void addPartitions(Set<TopicPartition> partitions, String topic, int from, int to) {
		for (int partition = from; partition < to; partition++) {
			partitions.add(new TopicPartition(topic, partition));
		}
	}

}
