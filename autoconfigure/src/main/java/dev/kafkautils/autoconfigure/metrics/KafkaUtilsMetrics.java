package dev.kafkautils.autoconfigure.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The kafka-utils meters. Each topic's meters (and each topic and consumer group's) are
 * registered once, on the first record, and cached: recording a record costs one or two
 * map lookups and allocates nothing.
 * <p>
 * Every meter of one name carries the same tag keys, as Prometheus requires. Tag values:
 * the physical topic, the consumer group ({@value #NO_GROUP} for a container without
 * one), the simple class name of the exception, and {@code success} or {@code failure}.
 */
public final class KafkaUtilsMetrics {

	/** Records the broker acknowledged, by topic. */
	public static final String PRODUCER_RECORDS = "kafka.utils.producer.records";

	/** Records the producer failed to send, by topic and exception. */
	public static final String PRODUCER_FAILURES = "kafka.utils.producer.failures";

	/** Time from send to the broker's acknowledgement, by topic. */
	public static final String PRODUCER_LATENCY = "kafka.utils.producer.latency";

	/** Records the listener processed without an exception, by topic and group. */
	public static final String CONSUMER_RECORDS = "kafka.utils.consumer.records";

	/** Time the listener took per record, by topic, group and outcome. */
	public static final String CONSUMER_PROCESSING = "kafka.utils.consumer.processing";

	/** Failed deliveries that were retried, by topic, group and exception. */
	public static final String CONSUMER_RETRIES = "kafka.utils.consumer.retries";

	/** Records published to a dead-letter topic, by topic, group and exception. */
	public static final String CONSUMER_DEAD_LETTERED = "kafka.utils.consumer.dead.lettered";

	/** Time a batch listener took per delivery of records, by topic, group and outcome. */
	public static final String CONSUMER_BATCH_PROCESSING = "kafka.utils.consumer.batch.processing";

	/** Records per delivery to a batch listener, by topic and group. */
	public static final String CONSUMER_BATCH_SIZE = "kafka.utils.consumer.batch.size";

	/** Records a group's committed offset is behind the end of a partition. */
	public static final String CONSUMER_LAG = "kafka.utils.consumer.lag";

	static final String TOPIC = "topic";

	static final String GROUP = "group";

	static final String PARTITION = "partition";

	static final String EXCEPTION = "exception";

	static final String OUTCOME = "outcome";

	/** Group tag value of records consumed without a consumer group. */
	static final String NO_GROUP = "none";

	private final MeterRegistry registry;

	private final @Nullable Boolean histogram;

	private final Map<String, ProducerMeters> producers = new ConcurrentHashMap<>();

	/** By group, then topic. */
	private final Map<String, ConcurrentHashMap<String, ConsumerMeters>> consumers = new ConcurrentHashMap<>();

	/** By group, then topic: made on the first batch, so that record listeners get none. */
	private final Map<String, ConcurrentHashMap<String, BatchMeters>> batches = new ConcurrentHashMap<>();

	/**
	 * @param registry where the meters are registered
	 * @param histogram whether the timers publish histogram buckets; when {@code false}
	 * Spring Boot's {@code management.metrics.distribution.percentiles-histogram} still
	 * decides
	 */
	public KafkaUtilsMetrics(MeterRegistry registry, boolean histogram) {
		this.registry = registry;
		this.histogram = histogram ? Boolean.TRUE : null;
	}

	ProducerMeters producer(String topic) {
		ProducerMeters meters = this.producers.get(topic);
		return (meters != null) ? meters : this.producers.computeIfAbsent(topic, this::newProducerMeters);
	}

	ConsumerMeters consumer(String topic, @Nullable String group) {
		String groupTag = (group != null) ? group : NO_GROUP;
		ConcurrentHashMap<String, ConsumerMeters> byTopic = this.consumers.get(groupTag);
		if (byTopic == null) {
			byTopic = this.consumers.computeIfAbsent(groupTag, (key) -> new ConcurrentHashMap<>());
		}
		ConsumerMeters meters = byTopic.get(topic);
		return (meters != null) ? meters
				: byTopic.computeIfAbsent(topic, (key) -> newConsumerMeters(Tags.of(TOPIC, key, GROUP, groupTag)));
	}

	BatchMeters batch(String topic, @Nullable String group) {
		String groupTag = (group != null) ? group : NO_GROUP;
		ConcurrentHashMap<String, BatchMeters> byTopic = this.batches.get(groupTag);
		if (byTopic == null) {
			byTopic = this.batches.computeIfAbsent(groupTag, (key) -> new ConcurrentHashMap<>());
		}
		BatchMeters meters = byTopic.get(topic);
		return (meters != null) ? meters
				: byTopic.computeIfAbsent(topic, (key) -> newBatchMeters(Tags.of(TOPIC, key, GROUP, groupTag)));
	}

	private BatchMeters newBatchMeters(Tags tags) {
		String processing = "Time a batch listener took to process a delivery of records";
		return new BatchMeters(timer(CONSUMER_BATCH_PROCESSING, processing, tags.and(OUTCOME, "success")),
				timer(CONSUMER_BATCH_PROCESSING, processing, tags.and(OUTCOME, "failure")),
				DistributionSummary.builder(CONSUMER_BATCH_SIZE)
					.description("Records per delivery to a batch listener")
					.baseUnit("records")
					.tags(tags)
					.publishPercentileHistogram(this.histogram)
					.register(this.registry));
	}

	private ProducerMeters newProducerMeters(String topic) {
		Tags tags = Tags.of(TOPIC, topic);
		return new ProducerMeters(counter(PRODUCER_RECORDS, "Records the broker acknowledged", tags),
				timer(PRODUCER_LATENCY, "Time from send to the broker's acknowledgement", tags),
				new ExceptionCounters(this.registry, PRODUCER_FAILURES, "Records the producer failed to send", tags));
	}

	private ConsumerMeters newConsumerMeters(Tags tags) {
		String processing = "Time the listener took to process a record";
		return new ConsumerMeters(
				counter(CONSUMER_RECORDS, "Records the listener processed without an exception", tags),
				timer(CONSUMER_PROCESSING, processing, tags.and(OUTCOME, "success")),
				timer(CONSUMER_PROCESSING, processing, tags.and(OUTCOME, "failure")),
				new ExceptionCounters(this.registry, CONSUMER_RETRIES,
						"Failed deliveries of a record that were retried", tags),
				new ExceptionCounters(this.registry, CONSUMER_DEAD_LETTERED,
						"Records published to a dead-letter topic after failing", tags));
	}

	private Counter counter(String name, String description, Tags tags) {
		return Counter.builder(name).description(description).tags(tags).register(this.registry);
	}

	private Timer timer(String name, String description, Tags tags) {
		return Timer.builder(name)
			.description(description)
			.tags(tags)
			.publishPercentileHistogram(this.histogram)
			.register(this.registry);
	}

	/** One topic's producer meters. */
	record ProducerMeters(Counter records, Timer latency, ExceptionCounters failures) {
	}

	/** One topic and group's batch listener meters. */
	record BatchMeters(Timer succeeded, Timer failed, DistributionSummary size) {
	}

	/** One topic and group's consumer meters. */
	record ConsumerMeters(Counter records, Timer succeeded, Timer failed, ExceptionCounters retries,
			ExceptionCounters deadLettered) {
	}

}
