package dev.kafkautils.autoconfigure.metrics;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code kafka.utils.metrics}: the kafka-utils meters and the consumer lag
 * gauges. Distribution details of the timers (percentiles, SLO buckets, expected
 * minimum and maximum) are Spring Boot's, under
 * {@code management.metrics.distribution.*.kafka.utils}.
 */
@ConfigurationProperties(MetricsProperties.PREFIX)
public class MetricsProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".metrics";

	/** Whether to publish the kafka-utils meters (needs a MeterRegistry bean). */
	private boolean enabled = true;

	/**
	 * Whether the produce-latency and processing-time timers and the batch size summary
	 * publish histogram buckets, so that a backend such as Prometheus can compute
	 * percentiles across instances.
	 */
	private boolean histogram = true;

	/**
	 * Whether to expose the health and prometheus actuator endpoints over the web when the
	 * application sets no management.endpoints.web.exposure.include or .exclude itself
	 * (needs the Prometheus registry). The endpoint shows every meter's name and value:
	 * secure it, or serve it on an internal management.server.port.
	 */
	private boolean exposePrometheus = true;

	/**
	 * Whether spring-kafka's own per-record timers (spring.kafka.template and
	 * spring.kafka.listener) stay on next to the kafka-utils meters, which time the same
	 * sends and records. Off by default, so that nothing is timed twice.
	 */
	private boolean springKafkaTimers;

	/** Consumer lag gauges. */
	private final Lag lag = new Lag();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isHistogram() {
		return this.histogram;
	}

	public void setHistogram(boolean histogram) {
		this.histogram = histogram;
	}

	public boolean isExposePrometheus() {
		return this.exposePrometheus;
	}

	public void setExposePrometheus(boolean exposePrometheus) {
		this.exposePrometheus = exposePrometheus;
	}

	public boolean isSpringKafkaTimers() {
		return this.springKafkaTimers;
	}

	public void setSpringKafkaTimers(boolean springKafkaTimers) {
		this.springKafkaTimers = springKafkaTimers;
	}

	public Lag getLag() {
		return this.lag;
	}

	/**
	 * Consumer lag: how far each assigned partition's committed offset is behind its end,
	 * read in the background and cached, never on a scrape.
	 */
	public static class Lag {

		/** Whether to publish a lag gauge per consumer group and assigned partition. */
		private boolean enabled = true;

		/** How often the lag is read from the cluster. */
		private Duration interval = Duration.ofSeconds(30);

		/** How long one reading may wait for the cluster before it gives up and keeps the last values. */
		private Duration timeout = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
