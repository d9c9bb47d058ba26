package dev.kafkautils.autoconfigure.rpc;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The request/reply meters, registered once and cached like the other
 * {@code kafka.utils.*} meters: tag values are the physical topic, the consumer group
 * and the outcome ({@code success}, {@code error}, {@code timeout}, {@code failure}),
 * and every meter of one name carries the same tag keys.
 */
public final class MicrometerRpcMetrics implements RpcMetrics {

	/** Time from call to outcome of every request, by request topic and outcome. */
	public static final String CLIENT_REQUESTS = "kafka.utils.rpc.client.requests";

	/** Replies that arrived after their request had timed out, by request topic. */
	public static final String CLIENT_LATE_REPLIES = "kafka.utils.rpc.client.late.replies";

	/** Requests a server skipped because their deadline had passed, by topic and group. */
	public static final String SERVER_EXPIRED = "kafka.utils.rpc.server.expired";

	private final MeterRegistry registry;

	private final @Nullable Boolean histogram;

	/** By group, then topic. */
	private final Map<String, ConcurrentHashMap<String, Counter>> expired = new ConcurrentHashMap<>();

	/**
	 * @param registry where the meters are registered
	 * @param histogram whether the request timer publishes histogram buckets
	 * ({@code kafka.utils.metrics.histogram})
	 */
	public MicrometerRpcMetrics(MeterRegistry registry, boolean histogram) {
		this.registry = registry;
		this.histogram = histogram ? Boolean.TRUE : null;
	}

	@Override
	public ClientMeters client(String requestTopic) {
		Tags tags = Tags.of("topic", requestTopic);
		Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			timers.put(outcome, Timer.builder(CLIENT_REQUESTS)
				.description("Time from a request/reply call to its outcome")
				.tags(tags.and("outcome", outcome.tag()))
				.publishPercentileHistogram(this.histogram)
				.register(this.registry));
		}
		Counter late = Counter.builder(CLIENT_LATE_REPLIES)
			.description("Replies that arrived after their request had timed out")
			.tags(tags)
			.register(this.registry);
		return new Meters(timers, late);
	}

	@Override
	public void expired(String topic, String group) {
		ConcurrentHashMap<String, Counter> byTopic = this.expired.get(group);
		if (byTopic == null) {
			byTopic = this.expired.computeIfAbsent(group, (key) -> new ConcurrentHashMap<>());
		}
		Counter counter = byTopic.get(topic);
		if (counter == null) {
			counter = byTopic.computeIfAbsent(topic, (key) -> Counter.builder(SERVER_EXPIRED)
				.description("Requests skipped by a server because their deadline had passed")
				.tags("topic", key, "group", group)
				.register(this.registry));
		}
		counter.increment();
	}

	private record Meters(Map<Outcome, Timer> timers, Counter late) implements ClientMeters {

		@Override
		public void completed(Outcome outcome, long elapsedNanos) {
			this.timers.get(outcome).record(elapsedNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public void lateReply() {
			this.late.increment();
		}

	}

}
