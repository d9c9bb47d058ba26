package dev.kafkautils.autoconfigure.metrics;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Turns off spring-kafka's own per-record timers ({@code spring.kafka.template} on every
 * {@link KafkaTemplate} bean, {@code spring.kafka.listener} on the containers of every
 * listener container factory bean) while the kafka-utils meters time the same sends and
 * records, so that no send and no record is timed twice.
 * {@code kafka.utils.metrics.spring-kafka-timers=true} keeps them.
 */
final class SpringKafkaTimers implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof KafkaTemplate<?, ?> template) {
			template.setMicrometerEnabled(false);
		}
		else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			factory.getContainerProperties().setMicrometerEnabled(false);
		}
		return bean;
	}

}
