package dev.kafkautils.autoconfigure.consumer;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts a kafka-utils {@link RecordInterceptor} in front of the one every listener
 * container factory bean already has, so the containers it creates run both.
 * <p>
 * kafka-utils interceptors are deliberately not {@code RecordInterceptor} beans: Spring
 * Boot hands its container factory a {@code RecordInterceptor} bean only when there is
 * exactly one, so a second one would silently switch off the application's own. Applied
 * after a factory bean is initialised, this reaches Boot's
 * {@code kafkaListenerContainerFactory} and factories built with Boot's configurer alike.
 * Of several registrars, the one with the highest order value ends up outermost.
 */
public final class RecordInterceptorRegistrar implements BeanPostProcessor, Ordered {

	private final Supplier<RecordInterceptor<Object, Object>> interceptor;

	private final int order;

	/**
	 * @param interceptor supplies the interceptor when the first factory is initialised,
	 * so registering this post-processor early creates no other beans
	 * @param order the post-processor's order
	 */
	public RecordInterceptorRegistrar(Supplier<RecordInterceptor<Object, Object>> interceptor, int order) {
		this.interceptor = interceptor;
		this.order = order;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			compose((AbstractKafkaListenerContainerFactory<?, Object, Object>) factory);
		}
		return bean;
	}

	private void compose(AbstractKafkaListenerContainerFactory<?, Object, Object> factory) {
		RecordInterceptor<Object, Object> ours = this.interceptor.get();
		RecordInterceptor<Object, Object> existing = factory.getRecordInterceptor();
		factory.setRecordInterceptor((existing != null) ? new CompositeRecordInterceptor<>(ours, existing) : ours);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
