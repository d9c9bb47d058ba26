package dev.kafkautils.autoconfigure.observation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * When listener and send observation are switched on, trace propagation without a span
 * per send, the meter handler that keeps Kafka observations from registering timers, and
 * the correlation-id switch.
 */
class KafkaObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void observationStaysOffWithoutATracer() {
		this.runner.run((context) -> assertObservation(context, false, false));
	}

	@Test
	void listenerObservationIsOnWithATracerAndSendsCarryTheTrace() {
		this.runner.withBean(Tracer.class, () -> mock(Tracer.class)).run((context) -> {
			assertObservation(context, true, false);
			assertThat(context).hasSingleBean(TracePropagatingProducerInterceptor.class);
		});
	}

	@Test
	void producerSpansObserveSendsInsteadOfPropagatingTheTraceDirectly() {
		this.runner.withBean(Tracer.class, () -> mock(Tracer.class))
			.withPropertyValues("kafka.utils.observation.producer-spans=true")
			.run((context) -> {
				assertObservation(context, true, true);
				assertThat(context).doesNotHaveBean(TracePropagatingProducerInterceptor.class);
			});
	}

	@Test
	void theNoopTracerDoesNotCount() {
		this.runner.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertObservation(context, false, false));
	}

	@Test
	void propertyOverridesTheTracerCheck() {
		this.runner.withPropertyValues("kafka.utils.observation.enabled=true")
			.run((context) -> assertObservation(context, true, false));
		this.runner.withBean(Tracer.class, () -> mock(Tracer.class))
			.withPropertyValues("kafka.utils.observation.enabled=false")
			.run((context) -> {
				assertObservation(context, false, false);
				assertThat(context).doesNotHaveBean(TracePropagatingProducerInterceptor.class);
			});
	}

	@Test
	void worksWithoutMicrometerTracing() {
		this.runner.withClassLoader(new FilteredClassLoader(Tracer.class)).run((context) -> {
			assertObservation(context, false, false);
			assertThat(context).doesNotHaveBean(TracePropagatingProducerInterceptor.class)
				.hasSingleBean(CorrelationIdProducerInterceptor.class);
		});
	}

	@Test
	void kafkaObservationsGetNoTimersUnlessAskedFor() {
		this.runner.run((context) -> {
			NoMetersForKafkaObservations handler = context.getBean(NoMetersForKafkaObservations.class);
			assertThat(handler.supportsContext(new Observation.Context())).isFalse();
		});
		this.runner.withPropertyValues("kafka.utils.observation.meters=true")
			.run((context) -> assertThat(context).doesNotHaveBean(NoMetersForKafkaObservations.class));
	}

	@Test
	void correlationIdsAreOnByDefaultAndCanBeSwitchedOff() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(CorrelationIdProducerInterceptor.class);
			assertThat(interceptorChain(context).get(0)).isInstanceOf(CorrelationIdInterceptor.class);
		});
		this.runner.withPropertyValues("kafka.utils.correlation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(CorrelationIdProducerInterceptor.class);
			assertThat(interceptorChain(context)).noneMatch(CorrelationIdInterceptor.class::isInstance);
		});
	}

	@Test
	void applicationsRecordInterceptorRunsAfterTheCorrelationIdOne() {
		RecordInterceptor<Object, Object> own = (record, consumer) -> record;
		this.runner.withBean("ownInterceptor", RecordInterceptor.class, () -> own)
			.run((context) -> {
				List<RecordInterceptor<?, ?>> chain = interceptorChain(context);
				assertThat(chain.get(0)).isInstanceOf(CorrelationIdInterceptor.class);
				assertThat(chain.get(chain.size() - 1)).isSameAs(own);
			});
	}

	/** The record interceptors of the listener container factory, composites unfolded, in the order they run. */
	private static List<RecordInterceptor<?, ?>> interceptorChain(AssertableApplicationContext context) {
		List<RecordInterceptor<?, ?>> chain = new ArrayList<>();
		unfold(recordInterceptor(context), chain);
		return chain;
	}

	private static void unfold(RecordInterceptor<?, ?> interceptor, List<RecordInterceptor<?, ?>> chain) {
		if (interceptor instanceof CompositeRecordInterceptor<?, ?> composite) {
			Collection<?> delegates = (Collection<?>) ReflectionTestUtils.getField(composite, "delegates");
			delegates.forEach((delegate) -> unfold((RecordInterceptor<?, ?>) delegate, chain));
		}
		else if (interceptor != null) {
			chain.add(interceptor);
		}
	}

	private static RecordInterceptor<?, ?> recordInterceptor(AssertableApplicationContext context) {
		return context.getBean(ConcurrentKafkaListenerContainerFactory.class).getRecordInterceptor();
	}

	private static void assertObservation(AssertableApplicationContext context, boolean listeners, boolean sends) {
		assertThat(context).hasNotFailed();
		assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
			.getContainerProperties()
			.isObservationEnabled()).as("listener observation").isEqualTo(listeners);
		assertThat(ReflectionTestUtils.getField(context.getBean(KafkaTemplate.class), "observationEnabled"))
			.as("send observation")
			.isEqualTo(sends);
	}

}
