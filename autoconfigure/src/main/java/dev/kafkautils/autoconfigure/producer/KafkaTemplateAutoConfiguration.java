package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerConfig;
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
 * Every {@code KafkaTemplate} bean, this one or the application's, gets every
 * {@link SendListener} bean and every Kafka {@link ProducerInterceptor} bean (in order,
 * through spring-kafka's {@link CompositeProducerInterceptor} when there are several):
 * see {@link KafkaTemplatePostProcessor}.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class, before = KafkaAutoConfiguration.class)
@ConditionalOnKafkaUtils
@EnableConfigurationProperties(ProducerProperties.class)
public final class KafkaTemplateAutoConfiguration {

	private static final Log logger = LogFactory.getLog(KafkaTemplateAutoConfiguration.class);

	/** Kafka's default {@code max.block.ms}. */
	private static final long DEFAULT_MAX_BLOCK_MS = 60_000;

	@Bean
	@ConditionalOnMissingBean(KafkaTemplate.class)
	@SuppressWarnings("unchecked")
	KafkaUtilsTemplate kafkaTemplate(ProducerFactory<?, ?> kafkaProducerFactory, TopicNames topicNames,
			ProducerProperties properties, KafkaProperties kafkaProperties,
			ObjectProvider<ProducerListener<Object, Object>> producerListener,
			ObjectProvider<RecordMessageConverter> messageConverter,
			ObjectProvider<KafkaTemplateObservationConvention> observationConvention) {
		warnWhenSendsCanBlockLonger(kafkaProducerFactory, properties.getSendTimeout());
		KafkaUtilsTemplate template = new KafkaUtilsTemplate((ProducerFactory<String, Object>) kafkaProducerFactory,
				topicNames, properties.getSendTimeout());
		messageConverter.ifUnique(template::setMessageConverter);
		observationConvention.ifUnique(template::setObservationConvention);
		producerListener.ifUnique((listener) -> template.setProducerListener((ProducerListener) listener));
		KafkaProperties.Template settings = kafkaProperties.getTemplate();
		PropertyMapper map = PropertyMapper.get();
		map.from(settings.getDefaultTopic()).to(template::setDefaultTopic);
		map.from(settings.getTransactionIdPrefix()).to(template::setTransactionIdPrefix);
		map.from(settings.getCloseTimeout()).to(template::setCloseTimeout);
		map.from(settings.isAllowNonTransactional()).to(template::setAllowNonTransactional);
		map.from(settings.isObservationEnabled()).to(template::setObservationEnabled);
		return template;
	}

	@Bean
	static KafkaTemplatePostProcessor kafkaUtilsTemplatePostProcessor(ObjectProvider<SendListener> sendListeners,
			ObjectProvider<ProducerInterceptor<?, ?>> producerInterceptors, ObjectProvider<TopicNames> topicNames) {
		return new KafkaTemplatePostProcessor(sendListeners, producerInterceptors, topicNames);
	}

	/**
	 * {@code sendAndWait} ends within the send timeout only when the producer's own wait
	 * for metadata and buffer space ({@code max.block.ms}) is not longer.
	 */
	private static void warnWhenSendsCanBlockLonger(ProducerFactory<?, ?> producerFactory, Duration sendTimeout) {
		long maxBlockMs = maxBlockMs(producerFactory);
		if (maxBlockMs > sendTimeout.toMillis()) {
			logger.warn(ProducerProperties.PREFIX + ".send-timeout is " + sendTimeout + " but the producer's "
					+ ProducerConfig.MAX_BLOCK_MS_CONFIG + " is " + maxBlockMs + " ms: sendAndWait can take up to "
					+ ProducerConfig.MAX_BLOCK_MS_CONFIG + " when the topic's metadata or buffer space is missing. "
					+ "Set spring.kafka.producer.properties[" + ProducerConfig.MAX_BLOCK_MS_CONFIG
					+ "] to at most the send timeout to bound sendAndWait by it");
		}
	}

	private static long maxBlockMs(ProducerFactory<?, ?> producerFactory) {
		Object value;
		try {
			value = producerFactory.getConfigurationProperties().get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
		}
		catch (UnsupportedOperationException ex) {
			return -1;
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof String text && !text.isBlank()) {
			try {
				return Long.parseLong(text.trim());
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}
		return (value == null) ? DEFAULT_MAX_BLOCK_MS : -1;
	}

}
