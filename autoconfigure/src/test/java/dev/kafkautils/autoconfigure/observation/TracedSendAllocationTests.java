package dev.kafkautils.autoconfigure.observation;

import java.util.Map;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.SendAllocation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check, not a benchmark: in a traced send, carrying the trace in a header costs a
 * fraction of what a span per send (spring-kafka's template observation) costs, and
 * outside a trace it allocates nothing.
 */
class TracedSendAllocationTests {

	@Test
	@SuppressWarnings("unchecked")
	void carryingTheTraceCostsAHeaderNotAnObservation() {
		SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
		OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
			.setTracerProvider(provider)
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
		io.opentelemetry.api.trace.Tracer otel = sdk.getTracer("allocation");
		OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), (event) -> {
		});
		OtelPropagator propagator = new OtelPropagator(sdk.getPropagators(), otel);
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				Map.of("tracer", tracer, "propagator", propagator));

		KafkaUtilsTemplate propagating = SendAllocation.template();
		TracePropagatingProducerInterceptor interceptor = new TracePropagatingProducerInterceptor(
				beans.getBeanProvider(Tracer.class), beans.getBeanProvider(Propagator.class));
		ProducerInterceptor<?, ?> forTemplate = interceptor;
		propagating.setProducerInterceptor((ProducerInterceptor<String, Object>) forTemplate);
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		KafkaUtilsTemplate spanPerSend = SendAllocation.template();
		spanPerSend.setObservationEnabled(true);
		spanPerSend.setObservationRegistry(observations);

		ProducerRecord<Object, Object> record = new ProducerRecord<>("orders", "key", "value");
		double untraced = SendAllocation.bytesPerCall(() -> interceptor.onSend(record));
		long plain;
		long carried;
		long observed;
		Span span = tracer.nextSpan().name("sending").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			plain = SendAllocation.bytesPerRecord(SendAllocation.template());
			carried = SendAllocation.bytesPerRecord(propagating);
			observed = SendAllocation.bytesPerRecord(spanPerSend);
		}
		finally {
			span.end();
			sdk.close();
		}
		System.out.printf("bytes allocated per send in a trace: plain %d, trace carried by kafka-utils %d, "
				+ "span per send %d; outside a trace the interceptor allocates %.1f%n", plain, carried, observed,
				untraced);
		assertThat(untraced).as("bytes outside a trace").isLessThan(1);
		assertThat(carried - plain).as("bytes carrying the trace adds per record").isLessThan(600);
		assertThat(observed - plain).as("bytes a span per send adds per record").isGreaterThan(4 * (carried - plain));
	}

}
