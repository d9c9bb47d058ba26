package dev.kafkautils.autoconfigure.metrics;

import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * Counters of one name and tag set, one per exception class, looked up by the exception's
 * class so that counting a known failure allocates nothing. Public for the share
 * listeners' meters ({@code share} package), which follow the same tag rules.
 */
public final class ExceptionCounters {

	private final ConcurrentHashMap<Class<?>, Counter> counters = new ConcurrentHashMap<>();

	private final MeterRegistry registry;

	private final String name;

	private final String description;

	private final Tags tags;

	/**
	 * @param registry where the counters are registered
	 * @param name the meter name
	 * @param description the meter description
	 * @param tags the tags besides {@code exception}
	 */
	public ExceptionCounters(MeterRegistry registry, String name, String description, Tags tags) {
		this.registry = registry;
		this.name = name;
		this.description = description;
		this.tags = tags;
	}

	/**
	 * Count one failure.
	 * @param exception the failure, {@code null} when unknown (tagged "none")
	 */
	public void increment(@Nullable Throwable exception) {
		Class<?> type = (exception != null) ? exception.getClass() : Void.class;
		Counter counter = this.counters.get(type);
		if (counter == null) {
			counter = this.counters.computeIfAbsent(type, this::register);
		}
		counter.increment();
	}

	private Counter register(Class<?> type) {
		String simpleName = type.getSimpleName();
		String tag = (type == Void.class) ? "none" : simpleName.isEmpty() ? type.getName() : simpleName;
		return Counter.builder(this.name)
			.description(this.description)
			.tags(this.tags)
			.tag(KafkaUtilsMetrics.EXCEPTION, tag)
			.register(this.registry);
	}

}
