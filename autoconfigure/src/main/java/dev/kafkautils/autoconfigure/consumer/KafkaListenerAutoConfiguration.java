package dev.kafkautils.autoconfigure.consumer;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.TopicNames;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor.AnnotationEnhancer;

/**
 * {@code @KafkaListener} support: logical topic names in annotations.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class, before = KafkaAutoConfiguration.class)
@ConditionalOnKafkaUtils
public final class KafkaListenerAutoConfiguration {

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

}
