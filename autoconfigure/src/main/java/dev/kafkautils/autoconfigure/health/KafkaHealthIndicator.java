package dev.kafkautils.autoconfigure.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.kafkautils.autoconfigure.core.AdminConfigs;
import dev.kafkautils.autoconfigure.consumer.PollIntervalMonitor;
import dev.kafkautils.autoconfigure.core.LazyAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The {@code kafka} health indicator:
 * <ul>
 * <li>DOWN when the cluster does not describe itself within the timeout (details: cluster
 * id and node count when it does);</li>
 * <li>DOWN when a partition of a declared topic ({@code kafka.utils.topics}) has no leader
 * or fewer in-sync replicas than its {@code min.insync.replicas}: writes with
 * {@code acks=all} to it fail (details: {@code partitionsUnwritable}, each with its
 * in-sync replicas);</li>
 * <li>DOWN when a listener container that should run does not (never started although
 * auto-started, or stopped after an error);</li>
 * <li>details only: how often a listener took longer than {@code max.poll.interval.ms}
 * over one poll, and the latest time ({@code pollIntervalExceeded});</li>
 * <li>OUT_OF_SERVICE when a maximum lag is set and an assigned partition lags more, as of
 * the last background lag reading.</li>
 * </ul>
 * A check never takes longer than the timeout: the admin client (one, kept for the
 * purpose) bounds the call, and the lag is read from the cache.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final LazyAdmin admin;

	private final Duration timeout;

	private final ObjectProvider<KafkaListenerEndpointRegistry> containers;

	private final @Nullable Supplier<OptionalLong> currentMaxLag;

	private final @Nullable Long maxLag;

	private @Nullable Map<String, Object> exactlyOnce;

	private final Supplier<Collection<String>> topics;

	private final Supplier<@Nullable PollIntervalMonitor> pollIntervals;

	/**
	 * @param adminConfig the application's admin client settings
	 * @param timeout how long a check waits for the cluster
	 * @param containers the listener containers to check
	 * @param currentMaxLag the largest lag of any assigned partition, from a cache (the
	 * lag gauges); needed only with a maximum lag
	 * @param maxLag the largest healthy lag, {@code null} for no limit
	 */
	public KafkaHealthIndicator(Supplier<Map<String, Object>> adminConfig, Duration timeout,
			ObjectProvider<KafkaListenerEndpointRegistry> containers, @Nullable Supplier<OptionalLong> currentMaxLag,
			@Nullable Long maxLag) {
		this(adminConfig, timeout, containers, currentMaxLag, maxLag, List::of);
	}

	/**
	 * @param adminConfig the application's admin client settings
	 * @param timeout how long a check waits for the cluster
	 * @param containers the listener containers to check
	 * @param currentMaxLag the largest lag of any assigned partition, from a cache (the
	 * lag gauges); needed only with a maximum lag
	 * @param maxLag the largest healthy lag, {@code null} for no limit
	 * @param topics the physical topics whose partitions must be writable with
	 * {@code acks=all}; topics that do not exist are left out
	 */
	public KafkaHealthIndicator(Supplier<Map<String, Object>> adminConfig, Duration timeout,
			ObjectProvider<KafkaListenerEndpointRegistry> containers, @Nullable Supplier<OptionalLong> currentMaxLag,
			@Nullable Long maxLag, Supplier<Collection<String>> topics) {
		this(adminConfig, timeout, containers, currentMaxLag, maxLag, topics, () -> null);
	}

	/**
	 * @param adminConfig the application's admin client settings
	 * @param timeout how long a check waits for the cluster
	 * @param containers the listener containers to check
	 * @param currentMaxLag the largest lag of any assigned partition, from a cache (the
	 * lag gauges); needed only with a maximum lag
	 * @param maxLag the largest healthy lag, {@code null} for no limit
	 * @param topics the physical topics whose partitions must be writable with
	 * {@code acks=all}; topics that do not exist are left out
	 * @param pollIntervals what a listener's breaches of {@code max.poll.interval.ms} to
	 * show, {@code null} for none
	 */
	public KafkaHealthIndicator(Supplier<Map<String, Object>> adminConfig, Duration timeout,
			ObjectProvider<KafkaListenerEndpointRegistry> containers, @Nullable Supplier<OptionalLong> currentMaxLag,
			@Nullable Long maxLag, Supplier<Collection<String>> topics,
			Supplier<@Nullable PollIntervalMonitor> pollIntervals) {
		super("Kafka health check failed");
		this.topics = topics;
		this.pollIntervals = pollIntervals;
		this.admin = new LazyAdmin(adminConfig, timeout, "health");
		this.timeout = timeout;
		this.containers = containers;
		this.currentMaxLag = currentMaxLag;
		this.maxLag = maxLag;
	}

	/**
	 * Show that listeners and the template run in Kafka transactions: the detail
	 * {@code exactlyOnce} with the producers' transaction-id prefix.
	 * @param transactionIdPrefix the transaction-id prefix of the application's producer
	 * factory, {@code null} when it is not transactional
	 */
	public void setTransactionIdPrefix(@Nullable String transactionIdPrefix) {
		this.exactlyOnce = (transactionIdPrefix != null)
				? Map.of("enabled", true, "transactionIdPrefix", transactionIdPrefix) : null;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		if (this.exactlyOnce != null) {
			builder.withDetail("exactlyOnce", this.exactlyOnce);
		}
		boolean clusterAnswers = checkCluster(builder);
		boolean containersRun = checkContainers(builder);
		boolean lagWithinLimit = checkLag(builder);
		reportPollIntervals(builder);
		if (!clusterAnswers || !containersRun) {
			builder.down();
		}
		else if (!lagWithinLimit) {
			builder.outOfService();
		}
		else {
			builder.up();
		}
	}

	private boolean checkCluster(Health.Builder builder) throws InterruptedException {
		int timeoutMs = AdminConfigs.timeoutMs(this.timeout);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		try {
			DescribeClusterResult cluster = this.admin.get()
				.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
			String clusterId = cluster.clusterId().get(remaining(deadline), TimeUnit.NANOSECONDS);
			Collection<Node> nodes = cluster.nodes().get(remaining(deadline), TimeUnit.NANOSECONDS);
			builder.withDetail("clusterId", clusterId).withDetail("nodes", nodes.size());
			return checkReplicas(builder, timeoutMs, deadline);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
			builder.withDetail("error", "cluster did not answer within " + this.timeout + ": "
					+ cause.getClass().getName() + ": " + cause.getMessage());
			return false;
		}
	}

	/**
	 * Whether every partition of the topics has a leader and at least its topic's
	 * {@code min.insync.replicas} in sync. A topic that does not exist (yet) is skipped.
	 */
	private boolean checkReplicas(Health.Builder builder, int timeoutMs, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		Collection<String> names = this.topics.get();
		if (names.isEmpty()) {
			return true;
		}
		Admin admin = this.admin.get();
		Map<String, KafkaFuture<TopicDescription>> described = admin
			.describeTopics(names, new DescribeTopicsOptions().timeoutMs(timeoutMs))
			.topicNameValues();
		Map<String, TopicDescription> topics = new TreeMap<>();
		for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : described.entrySet()) {
			try {
				topics.put(entry.getKey(), entry.getValue().get(remaining(deadline), TimeUnit.NANOSECONDS));
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
					throw ex;
				}
			}
		}
		if (topics.isEmpty()) {
			return true;
		}
		List<ConfigResource> resources = topics.keySet()
			.stream()
			.map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
			.toList();
		Map<ConfigResource, Config> configs = admin
			.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(timeoutMs))
			.all()
			.get(remaining(deadline), TimeUnit.NANOSECONDS);
		List<String> unwritable = new ArrayList<>();
		for (TopicDescription topic : topics.values()) {
			Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
			ConfigEntry minIsrEntry = (config != null) ? config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG) : null;
			int minIsr = (minIsrEntry != null && minIsrEntry.value() != null) ? Integer.parseInt(minIsrEntry.value())
					: 1;
			for (TopicPartitionInfo partition : topic.partitions()) {
				boolean leaderless = partition.leader() == null || partition.leader().isEmpty();
				if (leaderless || partition.isr().size() < minIsr) {
					unwritable.add(topic.name() + "-" + partition.partition() + " ("
							+ (leaderless ? "no leader" : partition.isr().size() + " in sync, min.insync.replicas "
									+ minIsr)
							+ ")");
				}
			}
		}
		if (unwritable.isEmpty()) {
			return true;
		}
		builder.withDetail("partitionsUnwritable", unwritable);
		return false;
	}

	private boolean checkContainers(Health.Builder builder) {
		KafkaListenerEndpointRegistry registry = this.containers.getIfAvailable();
		if (registry == null) {
			return true;
		}
		Map<String, String> states = new TreeMap<>();
		boolean allUp = true;
		for (MessageListenerContainer container : registry.getAllListenerContainers()) {
			boolean running = container.isRunning();
			boolean expected = container.isInExpectedState() && (running || !container.isAutoStartup());
			allUp &= expected;
			String state = !running ? "stopped" : pauseRequested(container) ? "paused" : "running";
			states.put(listenerId(container), expected ? state : state + " (should be running)");
		}
		if (!states.isEmpty()) {
			builder.withDetail("listeners", states);
		}
		return allUp;
	}

	/** A detail only: the consumer has rejoined its group by the time anyone looks. */
	private void reportPollIntervals(Health.Builder builder) {
		PollIntervalMonitor monitor = this.pollIntervals.get();
		PollIntervalMonitor.Breach last = (monitor != null) ? monitor.lastBreach() : null;
		if (monitor != null && last != null) {
			builder.withDetail("pollIntervalExceeded", Map.of("count", monitor.exceeded(), "last", last.toString()));
		}
	}

	private boolean checkLag(Health.Builder builder) {
		if (this.maxLag == null || this.currentMaxLag == null) {
			return true;
		}
		OptionalLong lag = this.currentMaxLag.get();
		builder.withDetail("maxLagAllowed", this.maxLag);
		if (lag.isEmpty()) {
			return true;
		}
		builder.withDetail("maxLag", lag.getAsLong());
		return lag.getAsLong() <= this.maxLag;
	}

	/** Share containers (KIP-932 share groups) cannot pause and say so by throwing. */
	private static boolean pauseRequested(MessageListenerContainer container) {
		try {
			return container.isPauseRequested();
		}
		catch (UnsupportedOperationException ex) {
			return false;
		}
	}

	private static String listenerId(MessageListenerContainer container) {
		try {
			return container.getListenerId();
		}
		catch (UnsupportedOperationException ex) {
			return container.toString();
		}
	}

	private static long remaining(long deadline) {
		return Math.max(1, deadline - System.nanoTime());
	}

	@Override
	public void destroy() {
		this.admin.close();
	}

}
