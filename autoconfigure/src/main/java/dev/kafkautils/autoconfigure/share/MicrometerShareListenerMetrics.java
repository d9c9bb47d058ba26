package dev.kafkautils.autoconfigure.share;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.metrics.ExceptionCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * The {@code kafka.utils.share.*} meters, tagged like the other kafka-utils meters:
 * {@code topic} (physical), {@code group} (the share group, {@code none} without one),
 * {@code exception} (the listener's exception's simple class name) and {@code outcome}.
 * Each topic and group's meters are registered on their first record and cached, so
 * recording one costs two map lookups and allocates nothing.
 */
final class MicrometerShareListenerMetrics implements ShareListenerMetrics {

	static final String RECORDS = "kafka.utils.share.records";

	static final String PROCESSING = "kafka.utils.share.processing";

	static final String RELEASED = "kafka.utils.share.released";

	static final String REJECTED = "kafka.utils.share.rejected";

	static final String DEAD_LETTERED = "kafka.utils.share.dead.lettered";

	private static final String NO_GROUP = "none";

	private final MeterRegistry registry;

	private final @Nullable Boolean histogram;

	/** By group, then topic. */
	private final Map<String, ConcurrentHashMap<String, Meters>> meters = new ConcurrentHashMap<>();

	MicrometerShareListenerMetrics(MeterRegistry registry, boolean histogram) {
		this.registry = registry;
		this.histogram = histogram ? Boolean.TRUE : null;
	}

	@Override
	public void processed(ConsumerRecord<?, ?> record, @Nullable String group, long nanos) {
		Meters meters = meters(record.topic(), group);
		meters.records().increment();
		meters.succeeded().record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void failed(ConsumerRecord<?, ?> record, @Nullable String group, long nanos) {
		meters(record.topic(), group).failed().record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void released(ConsumerRecord<?, ?> record, @Nullable String group, @Nullable Throwable cause) {
		meters(record.topic(), group).released().increment(cause);
	}

	@Override
	public void rejected(ConsumerRecord<?, ?> record, @Nullable String group, @Nullable Throwable cause) {
		meters(record.topic(), group).rejected().increment(cause);
	}

	@Override
	public void deadLettered(ConsumerRecord<?, ?> record, @Nullable String group, @Nullable Throwable cause) {
		meters(record.topic(), group).deadLettered().increment(cause);
	}

	private Meters meters(String topic, @Nullable String group) {
		String groupTag = (group != null) ? group : NO_GROUP;
		ConcurrentHashMap<String, Meters> byTopic = this.meters.get(groupTag);
		if (byTopic == null) {
			byTopic = this.meters.computeIfAbsent(groupTag, (key) -> new ConcurrentHashMap<>());
		}
		Meters found = byTopic.get(topic);
		return (found != null) ? found
				: byTopic.computeIfAbsent(topic, (key) -> newMeters(Tags.of("topic", key, "group", groupTag)));
	}

	private Meters newMeters(Tags tags) {
		String processing = "Time the share listener took to process a delivery";
		return new Meters(
				Counter.builder(RECORDS)
					.description("Records the share listener processed without an exception")
					.tags(tags)
					.register(this.registry),
				timer(processing, tags.and("outcome", "success")), timer(processing, tags.and("outcome", "failure")),
				new ExceptionCounters(this.registry, RELEASED, "Failed deliveries released for redelivery", tags),
				new ExceptionCounters(this.registry, REJECTED,
						"Failed records rejected without a dead-letter copy (dead-lettering off)", tags),
				new ExceptionCounters(this.registry, DEAD_LETTERED,
						"Failed records published to a dead-letter topic, then accepted", tags));
	}

	private Timer timer(String description, Tags tags) {
		return Timer.builder(PROCESSING)
			.description(description)
			.tags(tags)
			.publishPercentileHistogram(this.histogram)
			.register(this.registry);
	}

	private record Meters(Counter records, Timer succeeded, Timer failed, ExceptionCounters released,
			ExceptionCounters rejected, ExceptionCounters deadLettered) {
	}

}
