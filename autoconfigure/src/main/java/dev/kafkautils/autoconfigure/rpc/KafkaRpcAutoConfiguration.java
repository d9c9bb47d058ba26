package dev.kafkautils.autoconfigure.rpc;

import dev.kafkautils.autoconfigure.codec.KafkaCodecAutoConfiguration;
import dev.kafkautils.autoconfigure.codec.PayloadReaders;
import dev.kafkautils.autoconfigure.consumer.RecordInterceptorRegistrar;
import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.core.TopicNames;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor.AnnotationEnhancer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.KafkaListenerErrorHandler;

/**
 * Request/reply over Kafka ({@code kafka.utils.rpc.*}). Clients: the
 * {@link RpcClientFactory} that applications declare {@link RpcClient} beans with, and
 * their topics for provisioning. Servers: {@code @KafkaListener} methods with
 * {@code @SendTo}, answered through the application's template (given to listener
 * container factories that have no reply template); this adds the deadline check in
 * front of every listener and error replies for their exceptions.
 */
@AutoConfiguration(after = { KafkaUtilsAutoConfiguration.class, KafkaCodecAutoConfiguration.class,
		KafkaAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnKafkaUtils
@ConditionalOnBooleanProperty(name = RpcProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(RpcProperties.class)
@Import({ KafkaRpcAutoConfiguration.MicrometerMetricsConfiguration.class,
		KafkaRpcAutoConfiguration.ErrorRepliesConfiguration.class })
public final class KafkaRpcAutoConfiguration {

	/**
	 * Between the correlation-id interceptor (outermost, so the skip is logged with the
	 * MDC) and the listener metrics, which do not see skipped requests.
	 */
	static final int DEADLINE_INTERCEPTOR_ORDER = Ordered.LOWEST_PRECEDENCE - 50;

	/** Without Micrometer, or with kafka-utils metrics off: nothing is recorded. */
	@Bean
	@ConditionalOnMissingBean(RpcMetrics.class)
	RpcMetrics kafkaUtilsRpcNoMetrics() {
		return RpcMetrics.NONE;
	}

	@Bean
	@ConditionalOnMissingBean
	RpcClientFactory kafkaUtilsRpcClientFactory(ProducerFactory<?, ?> producerFactory,
			ConsumerFactory<?, ?> consumerFactory, TopicNames topicNames, PayloadReaders readers,
			RpcProperties properties, ServiceIdentity identity, RpcMetrics metrics) {
		return new RpcClientFactory(producerFactory, consumerFactory, topicNames, readers, properties, identity,
				metrics);
	}

	/** The request and reply topics of the clients, for provisioning. */
	@Bean
	RpcTopics kafkaUtilsRpcTopics(RpcClientFactory clients) {
		return new RpcTopics(clients);
	}

	@Bean
	static RecordInterceptorRegistrar kafkaUtilsRpcDeadlineRegistrar(ObjectProvider<RpcProperties> properties,
			ObjectProvider<RpcMetrics> metrics) {
		return new RecordInterceptorRegistrar(
				() -> new DeadlineInterceptor(properties.getObject().getDeadlineHeader(), metrics.getObject()),
				DEADLINE_INTERCEPTOR_ORDER);
	}

	@Bean
	static ReplyingListenerFactories kafkaUtilsRpcReplyingListenerFactories(
			ObjectProvider<KafkaTemplate<?, ?>> templates, ObjectProvider<RpcProperties> properties) {
		return new ReplyingListenerFactories(templates, properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "kafka.utils.metrics.enabled", matchIfMissing = true)
	static class MicrometerMetricsConfiguration {

		/**
		 * The histogram switch is read from the environment, with the metrics concern's
		 * default, so that these meters follow it without the metrics auto-configuration.
		 */
		@Bean
		@ConditionalOnMissingBean(RpcMetrics.class)
		MicrometerRpcMetrics kafkaUtilsRpcMetrics(MeterRegistry registry, Environment environment) {
			return new MicrometerRpcMetrics(registry,
					environment.getProperty("kafka.utils.metrics.histogram", Boolean.class, true));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = RpcProperties.PREFIX + ".error-replies", matchIfMissing = true)
	static class ErrorRepliesConfiguration {

		@Bean(ErrorReplies.BEAN_NAME)
		KafkaListenerErrorHandler kafkaUtilsRpcErrorReplies() {
			return new ErrorReplies();
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static AnnotationEnhancer kafkaUtilsRpcErrorReplyEnhancer() {
			return new ErrorReplyEnhancer();
		}

	}

}
