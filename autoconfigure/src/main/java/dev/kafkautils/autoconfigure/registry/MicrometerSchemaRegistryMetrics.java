package dev.kafkautils.autoconfigure.registry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The registry meters, registered once on first use and cached like the other
 * {@code kafka.utils.*} meters: recording indexes an array and allocates nothing. Tag
 * values: the operation ({@code register}, {@code schema-by-id}, ...) and the outcome
 * ({@code success}, {@code not-found}, {@code client-error}, {@code server-error},
 * {@code unreachable}).
 */
public final class MicrometerSchemaRegistryMetrics implements SchemaRegistryMetrics {

	/** Time of each HTTP request to the registry, by operation and outcome. */
	public static final String REQUESTS = "kafka.utils.schema.registry.requests";

	/** Calls the client's cache could not answer, by operation. */
	public static final String CACHE_MISSES = "kafka.utils.schema.registry.cache.misses";

	private static final Operation[] OPERATIONS = Operation.values();

	private static final Outcome[] OUTCOMES = Outcome.values();

	private final MeterRegistry registry;

	private final @Nullable Boolean histogram;

	private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OPERATIONS.length * OUTCOMES.length);

	private final AtomicReferenceArray<Counter> misses = new AtomicReferenceArray<>(OPERATIONS.length);

	/**
	 * @param registry where the meters are registered
	 * @param histogram whether the request timer publishes histogram buckets
	 * ({@code kafka.utils.metrics.histogram})
	 */
	public MicrometerSchemaRegistryMetrics(MeterRegistry registry, boolean histogram) {
		this.registry = registry;
		this.histogram = histogram ? Boolean.TRUE : null;
	}

	@Override
	public void request(Operation operation, Outcome outcome, long elapsedNanos) {
		int index = operation.ordinal() * OUTCOMES.length + outcome.ordinal();
		Timer timer = this.timers.get(index);
		if (timer == null) {
			// Micrometer returns the registered meter when two threads race here
			timer = Timer.builder(REQUESTS)
				.description("Time of an HTTP request to the schema registry")
				.tags("operation", operation.tag(), "outcome", outcome.tag())
				.publishPercentileHistogram(this.histogram)
				.register(this.registry);
			this.timers.set(index, timer);
		}
		timer.record(elapsedNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void cacheMiss(Operation operation) {
		Counter counter = this.misses.get(operation.ordinal());
		if (counter == null) {
			counter = Counter.builder(CACHE_MISSES)
				.description("Schema registry calls the client's cache could not answer")
				.tags("operation", operation.tag())
				.register(this.registry);
			this.misses.set(operation.ordinal(), counter);
		}
		counter.increment();
	}

}
