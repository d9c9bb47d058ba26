package dev.kafkautils.autoconfigure.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Matches when kafka-utils applies: spring-kafka is on the classpath and
 * {@code kafka.utils.enabled} is not {@code false}. Every kafka-utils
 * auto-configuration carries it, so the one switch turns all of them off together;
 * a concern's own switch ({@code kafka.utils.metrics.enabled}, ...) is added beside it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty(name = KafkaUtilsProperties.PREFIX + ".enabled", matchIfMissing = true)
public @interface ConditionalOnKafkaUtils {

}
