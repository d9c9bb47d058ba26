package dev.kafkautils.autoconfigure.observation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing with the OpenTelemetry bridge and an in-memory span exporter: a trace started
 * on the producer's side continues in the consumer through the {@code traceparent}
 * header, with or without a span per send; listener observation is on only because a
 * tracer exists, and registers no per-observation timers. Correlation ids go from
 * consumed records into the MDC and onto records the listener sends.
 */
@SpringBootTest(classes = TracingIntegrationTests.App.class,
		properties = { "spring.application.name=tracing-it", "spring.kafka.consumer.group-id=tracing-it",
				"kafka.utils.provisioning.enabled=false", "management.tracing.sampling.probability=1.0" })
class TracingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final AtomicBoolean topicsCreated = new AtomicBoolean();

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		if (topicsCreated.compareAndSet(false, true)) {
			TestKafka.createTopics(1, "traced", "correlated-in", "correlated-out");
		}
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Tracer tracer;

	@Autowired
	private InMemorySpanExporter spans;

	@Autowired
	private Listeners listeners;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private ConcurrentKafkaListenerContainerFactory<?, ?> containerFactory;

	@Test
	void consumerSpanContinuesTheProducersTrace() throws Exception {
		Span parent = sendInSpan(this.tracer, this.template, "t-1");
		String traceId = parent.context().traceId();
		Seen seen = await().atMost(WAIT).until(() -> this.listeners.traced.get("t-1"), (s) -> s != null);
		assertThat(seen.traceId()).isEqualTo(traceId);
		assertThat(seen.traceparent()).contains(traceId);
		// the consumer's log lines carry the trace id too
		assertThat(seen.mdcTraceId()).isEqualTo(traceId);
		// no span per send by default: the consumer's span is a child of the span that sent
		SpanData consumer = awaitSpan(this.spans, traceId, SpanKind.CONSUMER);
		assertThat(consumer.getParentSpanId()).isEqualTo(parent.context().spanId());
		assertThat(this.spans.getFinishedSpanItems()).noneMatch((span) -> span.getKind() == SpanKind.PRODUCER);
	}

	@Test
	void listenerObservationIsOnBecauseATracerExistsAndRegistersNoTimerPerObservation() throws Exception {
		assertThat(this.containerFactory.getContainerProperties().isObservationEnabled()).isTrue();
		assertThat(ReflectionTestUtils.getField(this.template, "observationEnabled")).isEqualTo(false);
		this.template.send("traced", "t-2", "payload").get();
		await().atMost(WAIT).until(() -> this.listeners.traced.containsKey("t-2"));
		assertThat(this.meterRegistry.find("spring.kafka.listener").meters()).isEmpty();
		assertThat(this.meterRegistry.find("spring.kafka.listener.active").meters()).isEmpty();
		assertThat(this.meterRegistry.get(KafkaUtilsMetrics.PRODUCER_LATENCY).tag("topic", "traced").timer().count())
			.isPositive();
		assertThat(this.meterRegistry.get(KafkaUtilsMetrics.CONSUMER_PROCESSING).tag("topic", "traced").timer().count())
			.isPositive();
	}

	/** With producer spans: spring-kafka's template observation, a span per send between the two. */
	@Nested
	@TestPropertySource(properties = { "kafka.utils.observation.producer-spans=true",
			"spring.kafka.consumer.group-id=tracing-it-producer-spans" })
	class WithProducerSpans {

		@Autowired
		private KafkaUtilsTemplate template;

		@Autowired
		private Tracer tracer;

		@Autowired
		private InMemorySpanExporter spans;

		@Autowired
		private Listeners listeners;

		@Autowired
		private MeterRegistry meterRegistry;

		@Test
		void consumerSpanIsAChildOfTheProducerSpan() throws Exception {
			assertThat(ReflectionTestUtils.getField(this.template, "observationEnabled")).isEqualTo(true);
			Span parent = sendInSpan(this.tracer, this.template, "t-3");
			String traceId = parent.context().traceId();
			Seen seen = await().atMost(WAIT).until(() -> this.listeners.traced.get("t-3"), (s) -> s != null);
			assertThat(seen.traceId()).isEqualTo(traceId);
			SpanData producer = awaitSpan(this.spans, traceId, SpanKind.PRODUCER);
			SpanData consumer = awaitSpan(this.spans, traceId, SpanKind.CONSUMER);
			assertThat(producer.getParentSpanId()).isEqualTo(parent.context().spanId());
			assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
			assertThat(this.meterRegistry.find("spring.kafka.template").meters()).isEmpty();
		}

	}

	private static Span sendInSpan(Tracer tracer, KafkaUtilsTemplate template, String key) throws Exception {
		Span parent = tracer.nextSpan().name("place-order").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
			template.send("traced", key, "payload").get();
		}
		finally {
			parent.end();
		}
		return parent;
	}

	private static SpanData awaitSpan(InMemorySpanExporter spans, String traceId, SpanKind kind) {
		return await().atMost(WAIT)
			.until(() -> spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getTraceId().equals(traceId) && span.getKind() == kind)
				.findFirst()
				.orElse(null), java.util.Objects::nonNull);
	}

	@Test
	void correlationIdFromAHeaderIsLoggedAndCopiedOntoRecordsTheListenerSends() {
		ProducerRecord<String, Object> record = new ProducerRecord<>("correlated-in", "order-1", "payload");
		record.headers().add("x-correlation-id", "req-42".getBytes(StandardCharsets.UTF_8));
		this.template.send(record);
		ConsumerRecord<String, byte[]> out = awaitOutput("order-1");
		assertThat(this.listeners.correlationIds).containsEntry("order-1", "req-42");
		assertThat(TestKafka.header(out, "correlation_id")).contains("req-42");
	}

	@Test
	void correlationIdFallsBackToTheKey() {
		this.template.send("correlated-in", "order-2", "payload");
		ConsumerRecord<String, byte[]> out = awaitOutput("order-2");
		assertThat(this.listeners.correlationIds).containsEntry("order-2", "order-2");
		assertThat(TestKafka.header(out, "correlation_id")).contains("order-2");
		// the MDC is cleared after each record: the application's interceptor runs after kafka-utils' one
		await().atMost(WAIT).until(() -> this.listeners.mdcAfterRecord.containsKey("order-2"));
		assertThat(this.listeners.mdcAfterRecord).containsEntry("order-2", "null");
	}

	private ConsumerRecord<String, byte[]> awaitOutput(String key) {
		return await().atMost(WAIT)
			.until(() -> TestKafka.readRaw("correlated-out", 100, Duration.ofMillis(500))
				.stream()
				.filter((r) -> key.equals(r.key()))
				.findFirst()
				.orElse(null), java.util.Objects::nonNull);
	}

	record Seen(String traceId, String traceparent, String mdcTraceId) {
	}

	@Component
	static class Listeners {

		final Map<String, Seen> traced = new ConcurrentHashMap<>();

		final Map<String, String> correlationIds = new ConcurrentHashMap<>();

		final Map<String, String> mdcAfterRecord = new ConcurrentHashMap<>();

		private final Tracer tracer;

		private final KafkaUtilsTemplate template;

		Listeners(Tracer tracer, KafkaUtilsTemplate template) {
			this.tracer = tracer;
			this.template = template;
		}

		@KafkaListener(topics = "traced")
		void onTraced(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key,
				@Header(name = "traceparent", required = false) String traceparent) {
			Span current = this.tracer.currentSpan();
			this.traced.put(key, new Seen((current != null) ? current.context().traceId() : "none",
					String.valueOf(traceparent), String.valueOf(MDC.get("traceId"))));
		}

		@KafkaListener(topics = "correlated-in")
		void onCorrelated(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			this.correlationIds.put(key, String.valueOf(MDC.get("correlationId")));
			this.template.send("correlated-out", key, value);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class App {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		/** The application's own interceptor: notes the MDC once kafka-utils is done with a record. */
		@Bean
		RecordInterceptor<Object, Object> mdcAfterRecord(Listeners listeners) {
			return new RecordInterceptor<>() {

				@Override
				public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
						Consumer<Object, Object> consumer) {
					return record;
				}

				@Override
				public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
					if (record.key() instanceof String key) {
						listeners.mdcAfterRecord.put(key, String.valueOf(MDC.get("correlationId")));
					}
				}

			};
		}

	}

}
