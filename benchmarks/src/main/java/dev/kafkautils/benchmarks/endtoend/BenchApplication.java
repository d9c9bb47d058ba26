package dev.kafkautils.benchmarks.endtoend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kafkautils.benchmarks.proto.BenchEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The Spring application each Spring variant runs: Spring Boot's auto-configuration
 * (Kafka, Jackson and, unless {@code kafka.utils.enabled=false}, kafka-utils) with a
 * {@link SimpleMeterRegistry}, so whatever records metrics when a registry exists
 * (spring-kafka's template and listener timers, Boot's Kafka client metrics, and the
 * starter's own metrics once it has them) is on. Optional parts by property:
 * {@code bench.observation=true} adds an {@link ObservationRegistry} that turns each
 * observation into meters, {@code bench.listener=record|record-bytes|batch} adds one
 * listener on {@code bench.topic}, {@code bench.template-timer=false} turns off
 * spring-kafka's per-send timer.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchApplication {

	@Bean
	SimpleMeterRegistry benchMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	/**
	 * Start a context.
	 * @param starter whether kafka-utils is on; off leaves Spring Boot's Kafka support alone
	 * @param bootstrapServers the broker
	 * @param extra more properties
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(boolean starter, String bootstrapServers, Map<String, String> extra) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.register-shutdown-hook", "false");
		properties.put("spring.application.name", "bench");
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		ClientSettings.PRODUCER.forEach((key, value) -> properties.put("spring.kafka.producer.properties." + key, value));
		ClientSettings.CONSUMER.forEach((key, value) -> properties.put("spring.kafka.consumer.properties." + key, value));
		if (starter) {
			// one broker: the tiers' replication 3 would not fit (and is warned about once per context)
			properties.put("kafka.utils.provisioning.max-replication", "1");
			properties.put("logging.level.dev.kafkautils.autoconfigure.topics.TopicPlanner", "error");
		}
		else {
			properties.put("kafka.utils.enabled", "false");
			properties.put("spring.kafka.producer.value-serializer",
					"org.apache.kafka.common.serialization.ByteArraySerializer");
			properties.put("spring.kafka.consumer.value-deserializer",
					"org.apache.kafka.common.serialization.ByteArrayDeserializer");
		}
		properties.putAll(extra);
		return new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties)
			.run();
	}

	/**
	 * {@code bench.template-timer=false} turns off spring-kafka's per-send micrometer timer,
	 * to show what it costs.
	 */
	@Bean
	static BeanPostProcessor benchTemplateTimer(Environment environment) {
		boolean timer = environment.getProperty("bench.template-timer", Boolean.class, true);
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (!timer && bean instanceof KafkaTemplate<?, ?> template) {
					template.setMicrometerEnabled(false);
				}
				return bean;
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bench.observation")
	static class ObservationConfiguration {

		@Bean
		ObservationRegistry benchObservationRegistry(MeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

	}

	/**
	 * {@code bench.tracer=true}: a recording tracer and a W3C propagator (OpenTelemetry SDK,
	 * nothing exported), so the starter propagates the sender's trace context onto every
	 * record, its default with a tracer present (no span per send).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bench.tracer")
	static class TracerConfiguration {

		@Bean(destroyMethod = "close")
		SdkTracerProvider benchTracerProvider() {
			return SdkTracerProvider.builder().build();
		}

		@Bean
		io.micrometer.tracing.Tracer benchTracer(SdkTracerProvider provider) {
			return new OtelTracer(provider.get("bench"), new OtelCurrentTraceContext(), (event) -> {
			});
		}

		@Bean
		Propagator benchPropagator(SdkTracerProvider provider) {
			return new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
					provider.get("bench"));
		}

	}

	/** A record listener that takes the protobuf type: the starter's converter parses each value. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.listener", havingValue = "record")
	static class RecordListener {

		@KafkaListener(id = "bench-record", topics = "${bench.topic}", groupId = "${bench.group}")
		void onEvent(BenchEvent event) {
			ConsumeProbe.get().onRecord(event.getQuantity());
		}

	}

	/** A record listener that takes the value bytes: no parsing, the container's cost alone. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.listener", havingValue = "record-bytes")
	static class RecordBytesListener {

		@KafkaListener(id = "bench-record-bytes", topics = "${bench.topic}", groupId = "${bench.group}")
		void onRecord(ConsumerRecord<String, byte[]> record) {
			ConsumeProbe.get().onRecord(record.value().length);
		}

	}

	/** A batch listener of the protobuf type ({@code spring.kafka.listener.type=batch}). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.listener", havingValue = "batch")
	static class BatchListener {

		@KafkaListener(id = "bench-batch", topics = "${bench.topic}", groupId = "${bench.group}")
		void onEvents(List<BenchEvent> events) {
			int sum = 0;
			for (BenchEvent event : events) {
				sum += event.getQuantity();
			}
			ConsumeProbe.get().onRecords(events.size(), sum);
		}

	}

}
