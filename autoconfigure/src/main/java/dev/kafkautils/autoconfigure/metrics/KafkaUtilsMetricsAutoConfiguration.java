package dev.kafkautils.autoconfigure.metrics;

import dev.kafkautils.autoconfigure.consumer.PollIntervalMonitor;
import dev.kafkautils.autoconfigure.consumer.RecordInterceptorRegistrar;
import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.SingleBean;
import dev.kafkautils.autoconfigure.errors.BatchDeliveryListener;
import dev.kafkautils.autoconfigure.errors.DeadLetterRecoverer;
import dev.kafkautils.autoconfigure.errors.FailedRecordListener;
import dev.kafkautils.autoconfigure.producer.SendListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.RetryListener;

/**
 * The kafka-utils meters: produced, failed, acknowledged-latency, consumed,
 * processing-time, retried and dead-lettered records per topic, and consumer lag per
 * partition. Kafka's own client metrics are Spring Boot's (its
 * {@code KafkaMetricsAutoConfiguration} binds them); this adds what the clients cannot
 * know.
 * <p>
 * The meters are fed from callbacks kafka-utils already has on every record (the
 * template's send callback, a record interceptor, the error handler's retry listener),
 * not from per-record observations. Runs after Spring Boot's meter registry
 * auto-configuration, like Boot's own Kafka metrics.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnKafkaUtils
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "kafka.utils.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MetricsProperties.class)
public final class KafkaUtilsMetricsAutoConfiguration {

	/**
	 * Below the correlation-id registrar's order: that interceptor ends up outermost, so
	 * its MDC entry is in place before this one starts timing.
	 */
	static final int INTERCEPTOR_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	@Bean
	@ConditionalOnMissingBean
	KafkaUtilsMetrics kafkaUtilsMetrics(MeterRegistry meterRegistry, MetricsProperties properties) {
		return new KafkaUtilsMetrics(meterRegistry, properties.isHistogram());
	}

	@Bean
	ListenerMetrics kafkaUtilsListenerMetrics(KafkaUtilsMetrics metrics) {
		return new ListenerMetrics(metrics);
	}

	@Bean
	SendListener kafkaUtilsSendMetrics(KafkaUtilsMetrics metrics) {
		return new SendMetrics(metrics);
	}

	/**
	 * Counts retries: the kafka-utils error handler adds every {@link RetryListener} bean.
	 * Dead-lettered records are counted here only for an application's own
	 * dead-letter recoverer; kafka-utils' recoverers report them to the
	 * {@link FailedRecordListener}.
	 */
	@Bean
	RetryListener kafkaUtilsRetryMetrics(ListenerMetrics listenerMetrics,
			ObjectProvider<ConsumerRecordRecoverer> recoverer) {
		ConsumerRecordRecoverer chosen = SingleBean.of(recoverer, ConsumerRecordRecoverer.class,
				"the dead-letter meter counts what the error handler's recoverer publishes");
		return listenerMetrics.retryListener(
				chosen instanceof DeadLetterPublishingRecoverer && !(chosen instanceof DeadLetterRecoverer));
	}

	/** Counts dead-lettered records in both retry modes, and moves to retry topics. */
	@Bean
	FailedRecordListener kafkaUtilsFailedRecordMetrics(ListenerMetrics listenerMetrics) {
		return listenerMetrics.failedRecordListener();
	}

	/** The batch listener meters, fed by kafka-utils' batch handling. */
	@Bean
	BatchDeliveryListener kafkaUtilsBatchMetrics(KafkaUtilsMetrics metrics, ListenerMetrics listenerMetrics) {
		return new BatchMetrics(metrics, listenerMetrics);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "kafka.utils.metrics.spring-kafka-timers", havingValue = false,
			matchIfMissing = true)
	static SpringKafkaTimers kafkaUtilsSpringKafkaTimers() {
		return new SpringKafkaTimers();
	}

	/**
	 * Counts the breaches of max.poll.interval.ms; read at scrape time, nothing per record.
	 * Registered once the singletons exist, the monitor among them.
	 */
	@Bean
	SmartInitializingSingleton kafkaUtilsPollIntervalMeter(MeterRegistry meterRegistry,
			ObjectProvider<PollIntervalMonitor> monitor) {
		return () -> monitor.ifAvailable((pollIntervals) -> FunctionCounter
			.builder("kafka.utils.consumer.poll.interval.exceeded", pollIntervals, PollIntervalMonitor::exceeded)
			.description("Times a record listener took longer than max.poll.interval.ms over the records of one poll")
			.register(meterRegistry));
	}

	@Bean
	static RecordInterceptorRegistrar kafkaUtilsListenerMetricsRegistrar(
			ObjectProvider<ListenerMetrics> listenerMetrics) {
		return new RecordInterceptorRegistrar(() -> listenerMetrics.getObject().recordInterceptor(),
				INTERCEPTOR_ORDER);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KafkaListenerEndpointRegistry.class)
	@ConditionalOnBooleanProperty(name = "kafka.utils.metrics.lag.enabled", matchIfMissing = true)
	static class LagConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConsumerLagMonitor kafkaUtilsConsumerLagMonitor(MeterRegistry meterRegistry,
				ObjectProvider<KafkaListenerEndpointRegistry> containers, ObjectProvider<KafkaAdmin> kafkaAdmin,
				MetricsProperties properties) {
			MetricsProperties.Lag lag = properties.getLag();
			return new ConsumerLagMonitor(meterRegistry, containers,
					() -> kafkaAdmin.getObject().getConfigurationProperties(), lag.getInterval(), lag.getTimeout());
		}

	}

}
