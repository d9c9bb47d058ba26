package dev.kafkautils.autoconfigure.rpc;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.requestreply.ReplyingKafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Readies listener container factories for {@code @SendTo} methods:
 * <ul>
 * <li>A factory without a reply template gets the application's one
 * {@link KafkaTemplate}. Spring Boot hands its factory only a
 * {@code KafkaTemplate<Object, Object>}; the kafka-utils template is a
 * {@code KafkaTemplate<String, Object>} and does not match that type. A factory that
 * has a reply template keeps it, and with several templates none is chosen.</li>
 * <li>With {@code kafka.utils.rpc.correlation-header} set to another header than
 * spring-kafka's, servers copy that header onto their replies.</li>
 * </ul>
 */
final class ReplyingListenerFactories implements BeanPostProcessor {

	private static final String REPLY_TEMPLATE = "replyTemplate";

	private final ObjectProvider<KafkaTemplate<?, ?>> templates;

	private final ObjectProvider<RpcProperties> properties;

	ReplyingListenerFactories(ObjectProvider<KafkaTemplate<?, ?>> templates,
			ObjectProvider<RpcProperties> properties) {
		this.templates = templates;
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			if (new DirectFieldAccessor(factory).getPropertyValue(REPLY_TEMPLATE) == null) {
				KafkaTemplate<?, ?> template = this.templates.getIfUnique();
				if (template != null && !(template instanceof ReplyingKafkaOperations)) {
					factory.setReplyTemplate(template);
				}
			}
			String correlationHeader = this.properties.getObject().getCorrelationHeader();
			if (!KafkaHeaders.CORRELATION_ID.equals(correlationHeader)) {
				factory.setCorrelationHeaderName(correlationHeader);
			}
		}
		return bean;
	}

}
