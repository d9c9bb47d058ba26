package dev.kafkautils.autoconfigure.observation;

import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Turns on spring-kafka's observation on every listener container factory bean, and,
 * with {@code kafka.utils.observation.producer-spans}, on every {@link KafkaTemplate}
 * bean: when {@code kafka.utils.observation.enabled} says so or, unset, when a tracer
 * that records spans is present. The listener's span then continues the trace that the
 * {@code traceparent} header carries. Without a tracer an observation buys nothing but
 * its cost, so it stays off.
 */
final class KafkaObservationEnabler implements BeanPostProcessor {

	private final @Nullable Boolean configured;

	private final boolean producerSpans;

	private final BooleanSupplier tracerPresent;

	private @Nullable Boolean enabled;

	/**
	 * @param configured {@code kafka.utils.observation.enabled}, {@code null} when unset
	 * @param producerSpans {@code kafka.utils.observation.producer-spans}
	 * @param tracerPresent whether a tracer that records spans exists, asked once
	 */
	KafkaObservationEnabler(@Nullable Boolean configured, boolean producerSpans, BooleanSupplier tracerPresent) {
		this.configured = configured;
		this.producerSpans = producerSpans;
		this.tracerPresent = tracerPresent;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof KafkaTemplate<?, ?> template && this.producerSpans && enabled()) {
			template.setObservationEnabled(true);
		}
		else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory && enabled()) {
			factory.getContainerProperties().setObservationEnabled(true);
		}
		return bean;
	}

	private synchronized boolean enabled() {
		if (this.enabled == null) {
			this.enabled = (this.configured != null) ? this.configured : this.tracerPresent.getAsBoolean();
		}
		return this.enabled;
	}

}
