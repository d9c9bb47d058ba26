package dev.kafkautils.autoconfigure.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.kafkautils.autoconfigure.core.LazyAdmin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Consumer lag of this instance's listener containers: for every running container's
 * group and assigned partition, how many records the group's committed offset is behind
 * the partition's end. A partition the group never committed counts from its first
 * offset (auto.offset.reset=earliest, the kafka-utils default).
 * <p>
 * One daemon thread reads the lag every interval with one admin client kept for the
 * purpose, each reading bounded by the timeout, and stores it in the gauges' values, so a
 * scrape never calls the broker. A failed reading keeps the last values. Gauges of
 * partitions no longer assigned are removed, so each partition is reported by the one
 * instance that consumes it and the gauges add up across instances.
 */
public class ConsumerLagMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ConsumerLagMonitor.class);

	private final MeterRegistry registry;

	private final ObjectProvider<KafkaListenerEndpointRegistry> containers;

	private final LazyAdmin admin;

	private final Duration interval;

	private final Duration timeout;

	private final Map<LagReading.Partition, PartitionLag> lags = new ConcurrentHashMap<>();

	private final Object lifecycleMonitor = new Object();

	private @Nullable ScheduledExecutorService executor;

	/** Why the last reading failed, {@code null} after one that worked: a failure streak is logged once. */
	private volatile @Nullable String lastFailure;

	/**
	 * @param registry where the gauges are registered
	 * @param containers the listener containers whose lag is read
	 * @param adminConfig the application's admin client settings
	 * @param interval time between readings
	 * @param timeout the longest one reading may take
	 */
	public ConsumerLagMonitor(MeterRegistry registry, ObjectProvider<KafkaListenerEndpointRegistry> containers,
			Supplier<Map<String, Object>> adminConfig, Duration interval, Duration timeout) {
		this.registry = registry;
		this.containers = containers;
		this.admin = new LazyAdmin(adminConfig, timeout, "lag");
		this.interval = interval;
		this.timeout = timeout;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.executor != null) {
				return;
			}
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "kafka-utils-lag");
				thread.setDaemon(true);
				return thread;
			});
			long intervalMs = Math.max(1, this.interval.toMillis());
			executor.scheduleWithFixedDelay(this::readQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
			this.executor = executor;
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			ScheduledExecutorService executor = this.executor;
			if (executor == null) {
				return;
			}
			this.executor = null;
			executor.shutdownNow();
			try {
				executor.awaitTermination(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			// once the refresh thread has ended, which is the only one using the client
			this.admin.close();
			retainOnly(Set.of());
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.executor != null;
		}
	}

	/**
	 * @return the largest lag of any partition at the last reading, empty before the
	 * first reading or when no partition is assigned
	 */
	public OptionalLong maxLag() {
		return this.lags.values().stream().mapToLong((lag) -> lag.value.get()).max();
	}

	private void readQuietly() {
		try {
			read();
			if (this.lastFailure != null) {
				logger.info("Reading consumer lag works again");
			}
			this.lastFailure = null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
			String failure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
			if (this.lastFailure == null) {
				logger.warn("Could not read consumer lag within " + this.timeout + ", keeping the last values: "
						+ failure);
			}
			this.lastFailure = failure;
		}
	}

	/**
	 * Read the lag of every assigned partition now, on the calling thread.
	 * @throws Exception when the cluster did not answer in time
	 */
	void read() throws Exception {
		Map<String, Set<TopicPartition>> assigned = assignedPartitions();
		if (assigned.isEmpty()) {
			retainOnly(Set.of());
			return;
		}
		Map<LagReading.Partition, Long> lags = LagReading.read(this.admin.get(), assigned, this.timeout);
		lags.forEach((partition, lag) -> lag(partition).value.set(lag));
		retainOnly(lags.keySet());
	}

	private Map<String, Set<TopicPartition>> assignedPartitions() {
		Map<String, Set<TopicPartition>> assigned = new HashMap<>();
		KafkaListenerEndpointRegistry registry = this.containers.getIfAvailable();
		if (registry == null) {
			return assigned;
		}
		for (MessageListenerContainer container : registry.getAllListenerContainers()) {
			if (!container.isRunning()) {
				continue;
			}
			try {
				String group = container.getGroupId();
				Collection<TopicPartition> partitions = container.getAssignedPartitions();
				if (group != null && partitions != null && !partitions.isEmpty()) {
					assigned.computeIfAbsent(group, (key) -> new HashSet<>()).addAll(partitions);
				}
			}
			catch (UnsupportedOperationException ex) {
				// a container type that cannot tell its group or assignment
			}
		}
		return assigned;
	}

	private PartitionLag lag(LagReading.Partition key) {
		return this.lags.computeIfAbsent(key, this::register);
	}

	private PartitionLag register(LagReading.Partition key) {
		AtomicLong value = new AtomicLong();
		Gauge gauge = Gauge.builder(KafkaUtilsMetrics.CONSUMER_LAG, value, AtomicLong::get)
			.description("Records the consumer group's committed offset is behind the end of the partition")
			.baseUnit("records")
			.tag(KafkaUtilsMetrics.GROUP, key.group())
			.tag(KafkaUtilsMetrics.TOPIC, key.partition().topic())
			.tag(KafkaUtilsMetrics.PARTITION, Integer.toString(key.partition().partition()))
			.strongReference(true)
			.register(this.registry);
		return new PartitionLag(value, gauge);
	}

	private void retainOnly(Set<LagReading.Partition> keys) {
		this.lags.entrySet().removeIf((entry) -> {
			if (keys.contains(entry.getKey())) {
				return false;
			}
			this.registry.remove(entry.getValue().gauge);
			return true;
		});
	}

	private record PartitionLag(AtomicLong value, Gauge gauge) {
	}

}
