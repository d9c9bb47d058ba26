package dev.kafkautils.autoconfigure.producer;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.kafka.clients.producer.ProducerInterceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.CompositeProducerInterceptor;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservationConvention;

/**
 * The application's {@link KafkaTemplate}: a {@link KafkaUtilsTemplate} on Spring Boot's
 * producer factory, honouring {@code spring.kafka.template.*}. It takes the place of
 * Boot's template, which backs off when a template bean exists.
 * <p>
 * Every {@link SendListener} bean is added to it, and every Kafka
 * {@link ProducerInterceptor} bean becomes its template-level interceptor (in order,
 * through spring-kafka's {@link CompositeProducerInterceptor} when there are several).
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class, before = KafkaAutoConfiguration.class)
@ConditionalOnKafkaUtils
@EnableConfigurationProperties(ProducerProperties.class)
public final class KafkaTemplateAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(KafkaTemplate.class)
	@SuppressWarnings("unchecked")
	KafkaUtilsTemplate kafkaTemplate(ProducerFactory<?, ?> kafkaProducerFactory, TopicNames topicNames,
			ProducerProperties properties, KafkaProperties kafkaProperties,
			ObjectProvider<ProducerListener<Object, Object>> producerListener,
			ObjectProvider<RecordMessageConverter> messageConverter,
			ObjectProvider<KafkaTemplateObservationConvention> observationConvention,
			ObjectProvider<SendListener> sendListeners,
			ObjectProvider<ProducerInterceptor<?, ?>> producerInterceptors) {
		KafkaUtilsTemplate template = new KafkaUtilsTemplate((ProducerFactory<String, Object>) kafkaProducerFactory,
				topicNames, properties.getSendTimeout());
		messageConverter.ifUnique(template::setMessageConverter);
		observationConvention.ifUnique(template::setObservationConvention);
		producerListener.ifUnique((listener) -> template.setProducerListener((ProducerListener) listener));
		sendListeners.orderedStream().forEach(template::addSendListener);
		ProducerInterceptor<String, Object>[] interceptors = producerInterceptors.orderedStream()
			.toArray(ProducerInterceptor[]::new);
		if (interceptors.length == 1) {
			template.setProducerInterceptor(interceptors[0]);
		}
		else if (interceptors.length > 1) {
			template.setProducerInterceptor(new CompositeProducerInterceptor<>(interceptors));
		}
		KafkaProperties.Template settings = kafkaProperties.getTemplate();
		PropertyMapper map = PropertyMapper.get();
		map.from(settings.getDefaultTopic()).to(template::setDefaultTopic);
		map.from(settings.getTransactionIdPrefix()).to(template::setTransactionIdPrefix);
		map.from(settings.getCloseTimeout()).to(template::setCloseTimeout);
		map.from(settings.isAllowNonTransactional()).to(template::setAllowNonTransactional);
		map.from(settings.isObservationEnabled()).to(template::setObservationEnabled);
		return template;
	}

}
