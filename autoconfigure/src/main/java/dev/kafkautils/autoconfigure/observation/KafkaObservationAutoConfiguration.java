package dev.kafkautils.autoconfigure.observation;

import dev.kafkautils.autoconfigure.consumer.RecordInterceptorRegistrar;
import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Tracing and correlation: spring-kafka's observation switched on where a tracer makes it
 * worth its cost, without the per-observation timers; correlation ids from consumed
 * records in the logging MDC and on the records listeners send.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class)
@ConditionalOnKafkaUtils
@EnableConfigurationProperties({ ObservationProperties.class, CorrelationProperties.class })
public final class KafkaObservationAutoConfiguration {

	private static final String TRACER = "io.micrometer.tracing.Tracer";

	private static final String OBSERVATION = ObservationProperties.PREFIX + ".";

	/** Outside the metrics interceptor: the MDC holds the id for all the record's work. */
	private static final int CORRELATION_INTERCEPTOR_ORDER = Ordered.LOWEST_PRECEDENCE;

	@Bean
	static KafkaObservationEnabler kafkaUtilsObservationEnabler(Environment environment, BeanFactory beanFactory) {
		Boolean configured = environment.getProperty(OBSERVATION + "enabled", Boolean.class);
		boolean producerSpans = environment.getProperty(OBSERVATION + "producer-spans", Boolean.class, false);
		return new KafkaObservationEnabler(configured, producerSpans,
				() -> ClassUtils.isPresent(TRACER, KafkaObservationAutoConfiguration.class.getClassLoader())
						&& Tracers.recording(beanFactory));
	}

	/** Carries the current trace in records sent, unless sends are observed (they carry it then). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBooleanProperty(name = "kafka.utils.observation.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "kafka.utils.observation.producer-spans", havingValue = false,
			matchIfMissing = true)
	static class TracePropagationConfiguration {

		@Bean
		TracePropagatingProducerInterceptor kafkaUtilsTracePropagatingProducerInterceptor(
				ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
			return new TracePropagatingProducerInterceptor(tracer, propagator);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterObservationHandler.class)
	@ConditionalOnBooleanProperty(name = "kafka.utils.observation.meters", havingValue = false, matchIfMissing = true)
	static class ObservationMetersConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		NoMetersForKafkaObservations kafkaUtilsNoMetersForKafkaObservations() {
			return new NoMetersForKafkaObservations();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "kafka.utils.correlation.enabled", matchIfMissing = true)
	static class CorrelationConfiguration {

		@Bean
		CorrelationIdProducerInterceptor kafkaUtilsCorrelationIdProducerInterceptor(CorrelationProperties properties) {
			return new CorrelationIdProducerInterceptor(properties);
		}

		@Bean
		static RecordInterceptorRegistrar kafkaUtilsCorrelationIdRegistrar(
				ObjectProvider<CorrelationProperties> properties) {
			return new RecordInterceptorRegistrar(
					() -> new CorrelationIdInterceptor(properties.getObject()),
					CORRELATION_INTERCEPTOR_ORDER);
		}

	}

	/** Kept apart so that Micrometer Tracing is loaded only when it is on the classpath. */
	private static final class Tracers {

		static boolean recording(BeanFactory beanFactory) {
			Tracer tracer = beanFactory.getBeanProvider(Tracer.class).getIfUnique();
			return tracer != null && tracer != Tracer.NOOP;
		}

	}

}
