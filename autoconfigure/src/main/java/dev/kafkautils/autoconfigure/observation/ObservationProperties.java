package dev.kafkautils.autoconfigure.observation;

import org.jspecify.annotations.Nullable;

/**
 * Settings under {@code kafka.utils.observation}: spring-kafka's Micrometer Observation
 * for the template and the listener containers, which carries traces from producer to
 * consumer.
 */
public class ObservationProperties {

	/**
	 * Whether to turn on observation for every KafkaTemplate and listener container
	 * factory. Unset: on when a tracer (Micrometer Tracing with a bridge) is present, off
	 * otherwise. When off, spring.kafka.template.observation-enabled and
	 * spring.kafka.listener.observation-enabled apply as configured.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Whether Kafka observations also produce Micrometer timers (spring.kafka.template,
	 * spring.kafka.listener). Off by default: a timer per observation is what makes an
	 * observed send several times slower, and the kafka-utils meters already time sends
	 * and listeners.
	 */
	private boolean meters = false;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isMeters() {
		return this.meters;
	}

	public void setMeters(boolean meters) {
		this.meters = meters;
	}

}
