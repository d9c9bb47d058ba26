package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;

/**
 * The problems provisioning reports when the cluster cannot hold the planned topics,
 * refuses a request or does not answer: each names the property to change and how. A
 * Kafka error alone says what the broker refused, not which of the user's settings led
 * to it, so the planned topic's {@link TopicSpec#propertyFor(String) sources} pick the
 * property. Functions of the planned topics and the error only, without a cluster.
 */
final class ProvisioningProblems {

	static final String MAX_REPLICATION = ReplicationLimit.MAX_REPLICATION;

	static final String ENABLED = "kafka.utils.provisioning.enabled";

	static final String READY_TIMEOUT = "kafka.utils.provisioning.ready-timeout";

	static final String OPERATION_TIMEOUT = "kafka.utils.provisioning.operation-timeout";

	private ProvisioningProblems() {
	}

	static Problem interrupted() {
		return new Problem(ENABLED, "Interrupted while provisioning topics", "Start the application again");
	}

	/**
	 * @param operationTimeout the timeout that passed
	 * @return the problem of a request the cluster did not answer in time
	 */
	static Problem noAnswer(Duration operationTimeout) {
		return new Problem(OPERATION_TIMEOUT,
				"The Kafka cluster did not answer a topic request within " + operationTimeout,
				"Check that the cluster is healthy and reachable, raise " + OPERATION_TIMEOUT + ", or set " + ENABLED
						+ "=false where topics are managed elsewhere or to start without a cluster (provisioning "
						+ "needs one at start-up)");
	}

	static Problem brokersNotListed(Throwable cause) {
		return new Problem(ENABLED, "Could not list the brokers of the Kafka cluster: " + describe(cause),
				actionFor(cause, ENABLED));
	}

	static Problem topicNotDescribed(String name, Throwable cause) {
		return new Problem(ENABLED, "Could not describe topic '" + name + "': " + describe(cause),
				actionFor(cause, ENABLED));
	}

	/**
	 * The topics that ask for more replicas than the cluster has brokers, one problem per
	 * property behind their replication: {@code max-replication} where it lowered the
	 * replication, the tier's or topic's {@code replicas} otherwise.
	 * @param topics the planned topics
	 * @param brokers the number of brokers in the cluster
	 * @return the problems, empty when every topic fits
	 */
	static List<Problem> replicationAboveBrokerCount(List<TopicSpec> topics, int brokers) {
		Map<String, List<TopicSpec>> tooHigh = topics.stream()
			.filter((spec) -> spec.replicas() > brokers)
			.collect(Collectors.groupingBy(ProvisioningProblems::replicationProperty, LinkedHashMap::new,
					Collectors.toList()));
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
		return problems;
	}

	/**
	 * A request about one planned topic that the cluster refused.
	 * @param operation what was attempted, completing "Could not ... topic", e.g.
	 * {@code "add partitions to"}
	 * @param spec the planned topic
	 * @param cause the Kafka error
	 * @return the problem, naming the setting the error points at
	 */
	static Problem failed(String operation, TopicSpec spec, Throwable cause) {
		String property;
		if (cause instanceof InvalidReplicationFactorException) {
			property = replicationProperty(spec);
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

	/**
	 * @param partitions the new partitions that were awaited
	 * @param readyTimeout the timeout that passed
	 * @return the problem of new partitions that never answered an offset lookup
	 */
	static Problem partitionsNotReady(Collection<TopicPartition> partitions, Duration readyTimeout) {
		String topics = partitions.stream()
			.map(TopicPartition::topic)
			.distinct()
			.sorted()
			.collect(Collectors.joining(", "));
		return new Problem(READY_TIMEOUT, "New partitions of topic(s) " + topics
				+ " did not get a leader answering offset lookups within " + readyTimeout,
				"Check the health of the brokers, or raise " + READY_TIMEOUT);
	}

	private static String replicationProperty(TopicSpec spec) {
		return spec.isClamped() ? MAX_REPLICATION : spec.propertyFor("replicas");
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

}
