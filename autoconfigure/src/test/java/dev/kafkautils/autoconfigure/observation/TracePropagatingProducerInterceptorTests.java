package dev.kafkautils.autoconfigure.observation;

import java.nio.charset.StandardCharsets;

import dev.kafkautils.autoconfigure.support.SendAllocation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the interceptor finds its tracer: a send before the tracer exists (or while only
 * Micrometer's no-op tracer does) does not decide for the sends after it. Once the
 * context's singletons exist the decision is made for good, so a send without a tracer
 * costs no bean lookup from then on.
 */
class TracePropagatingProducerInterceptorTests {

	private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build())
		.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
		.build();

	private final io.opentelemetry.api.trace.Tracer otel = this.sdk.getTracer("interceptor");

	private final OtelTracer tracer = new OtelTracer(this.otel, new OtelCurrentTraceContext(), (event) -> {
	});

	private final OtelPropagator propagator = new OtelPropagator(this.sdk.getPropagators(), this.otel);

	private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

	private final TracePropagatingProducerInterceptor interceptor = new TracePropagatingProducerInterceptor(
			this.beans.getBeanProvider(Tracer.class), this.beans.getBeanProvider(Propagator.class));

	@AfterEach
	void close() {
		this.sdk.close();
	}

	@Test
	void aTracerThatAppearsAfterTheFirstSendsCarriesTheTraceOfLaterSends() {
		assertThat(sendInSpan().traceparent()).as("no tracer yet").isNull();
		this.beans.registerSingleton("tracer", Tracer.NOOP);
		this.beans.registerSingleton("propagator", Propagator.NOOP);
		assertThat(sendInSpan().traceparent()).as("the no-op tracer").isNull();
		this.beans.destroySingleton("tracer");
		this.beans.destroySingleton("propagator");
		this.beans.registerSingleton("tracer", this.tracer);
		this.beans.registerSingleton("propagator", this.propagator);
		Sent sent = sendInSpan();
		assertThat(sent.traceparent()).startsWith("00-" + sent.traceId() + "-" + sent.spanId() + "-");
	}

	@Test
	void onceTheSingletonsExistTheDecisionIsMadeForGood() {
		this.interceptor.afterSingletonsInstantiated();
		ProducerRecord<Object, Object> record = new ProducerRecord<>("orders", "k", "v");
		assertThat(SendAllocation.bytesPerCall(() -> this.interceptor.onSend(record)))
			.as("bytes per send without a tracer: no bean lookup")
			.isLessThan(1);
		this.beans.registerSingleton("tracer", this.tracer);
		this.beans.registerSingleton("propagator", this.propagator);
		assertThat(sendInSpan().traceparent()).isNull();
	}

	/** Sends in a span of the test's tracer, which the interceptor may or may not have found. */
	private Sent sendInSpan() {
		Span span = this.tracer.nextSpan().name("sending").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			ProducerRecord<Object, Object> record = this.interceptor.onSend(new ProducerRecord<>("orders", "k", "v"));
			return new Sent(span.context().traceId(), span.context().spanId(), traceparent(record));
		}
		finally {
			span.end();
		}
	}

	private static @Nullable String traceparent(ProducerRecord<Object, Object> record) {
		Header header = record.headers().lastHeader("traceparent");
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	record Sent(String traceId, String spanId, @Nullable String traceparent) {
	}

}
