package dev.kafkautils.autoconfigure.consumer;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor.AnnotationEnhancer;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * {@code @KafkaListener} support: logical topic names in annotations, and the
 * {@link PollIntervalMonitor} on every record listener container.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class, before = KafkaAutoConfiguration.class)
@ConditionalOnKafkaUtils
public final class KafkaListenerAutoConfiguration {

	/** Kafka's own default. */
	private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

	/**
	 * Static: spring-kafka's annotation post-processor looks enhancers up while it
	 * processes the first listener bean.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static AnnotationEnhancer kafkaUtilsTopicNameEnhancer(ObjectProvider<TopicNames> topicNames,
			Environment environment) {
		return new TopicNameAnnotationEnhancer(topicNames, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	PollIntervalMonitor kafkaUtilsPollIntervalMonitor(ObjectProvider<ConsumerFactory<?, ?>> consumerFactory) {
		ConsumerFactory<?, ?> factory = consumerFactory.getIfUnique();
		Object value = (factory != null)
				? factory.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG) : null;
		if (value instanceof Duration duration) {
			return new PollIntervalMonitor(duration);
		}
		long maxPollIntervalMs = (value != null) ? Long.parseLong(value.toString().trim()) : DEFAULT_MAX_POLL_INTERVAL_MS;
		return new PollIntervalMonitor(Duration.ofMillis(maxPollIntervalMs));
	}

	@Bean
	static RecordInterceptorRegistrar kafkaUtilsPollIntervalRegistrar(ObjectProvider<PollIntervalMonitor> monitor) {
		return new RecordInterceptorRegistrar(() -> monitor.getObject().recordInterceptor(),
				Ordered.LOWEST_PRECEDENCE - 200);
	}

}
