package dev.kafkautils.autoconfigure.observation;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code kafka.utils.observation}: traces carried from producer to
 * consumer, with spring-kafka's Micrometer Observation of listener containers and,
 * optionally, of sends.
 */
@ConfigurationProperties(ObservationProperties.PREFIX)
public class ObservationProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".observation";

	/**
	 * Whether to carry the current trace in records the template sends and to turn on
	 * observation for every listener container factory (a span per record processed,
	 * continuing the sender's trace). Unset: on when a tracer (Micrometer Tracing with a
	 * bridge) is present, off otherwise. When off, spring.kafka.template.observation-enabled
	 * and spring.kafka.listener.observation-enabled apply as configured.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Whether to observe sends as well: spring-kafka's template observation, a span per
	 * record sent. Off by default: it costs an observation per send, several times what
	 * the send itself costs the client, and the send-to-acknowledgement time is already in
	 * kafka.utils.producer.latency. Without it, records still carry the current trace.
	 */
	private boolean producerSpans = false;

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

	public boolean isProducerSpans() {
		return this.producerSpans;
	}

	public void setProducerSpans(boolean producerSpans) {
		this.producerSpans = producerSpans;
	}

	public boolean isMeters() {
		return this.meters;
	}

	public void setMeters(boolean meters) {
		this.meters = meters;
	}

}
