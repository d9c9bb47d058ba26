package dev.kafkautils.autoconfigure.metrics;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

import dev.kafkautils.autoconfigure.observation.NoMetersForKafkaObservations;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.topics.TopicNames;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check, not a benchmark: the bytes the sending thread allocates per record, measured
 * with the JVM's per-thread allocation counter against a producer that acknowledges on
 * the spot. The kafka-utils meters must add nothing measurable to a send once the
 * topic's meters exist; an observation with Micrometer's meter handler, for comparison,
 * allocates a context, samples and meter lookups on every send.
 */
class SendPathAllocationTests {

	private static final int WARM_UP = 50_000;

	private static final int MEASURED = 50_000;

	private static final byte[] VALUE = new byte[100];

	@Test
	void metersAddNoAllocationPerRecord() {
		long plain = bytesPerRecord(template(null, null));
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		long metered = bytesPerRecord(template(new SendMetrics(new KafkaUtilsMetrics(registry, true)), null));
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
		long observed = bytesPerRecord(template(null, observations));
		// what kafka-utils sets up when a tracer turns observation on: the meter handler skips Kafka contexts
		ObservationRegistry withoutTimers = ObservationRegistry.create();
		withoutTimers.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new NoMetersForKafkaObservations(), new DefaultMeterObservationHandler(registry)));
		long observedWithoutTimers = bytesPerRecord(template(null, withoutTimers));
		System.out.printf("bytes allocated per send: plain %d, kafka-utils meters %d, observation with meters %d, "
				+ "observation without Kafka timers %d%n", plain, metered, observed, observedWithoutTimers);
		assertThat(metered - plain).as("bytes the meters add per record").isLessThan(16);
		assertThat(registry.get(KafkaUtilsMetrics.PRODUCER_LATENCY).timer().count())
			.isEqualTo(WARM_UP + MEASURED);
		assertThat(observed - plain).as("bytes an observation adds per record").isGreaterThan(100);
		assertThat(observedWithoutTimers).isLessThan(observed);
	}

	private static long bytesPerRecord(KafkaUtilsTemplate template) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		send(template, WARM_UP);
		long before = threads.getCurrentThreadAllocatedBytes();
		send(template, MEASURED);
		return (threads.getCurrentThreadAllocatedBytes() - before) / MEASURED;
	}

	private static void send(KafkaUtilsTemplate template, int records) {
		MockProducer<String, Object> producer = (MockProducer<String, Object>) template.getProducerFactory()
			.createProducer();
		for (int i = 0; i < records; i++) {
			template.send("allocation", "key", VALUE);
			if (i % 1000 == 0) {
				producer.clear();
			}
		}
	}

	private static KafkaUtilsTemplate template(SendMetrics metrics, ObservationRegistry observations) {
		Serializer<Object> valueSerializer = (topic, data) -> VALUE;
		MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(),
				valueSerializer) {

			@Override
			public void close(Duration timeout) {
				// the template closes its producer after each send; this one stays open
			}

		};
		KafkaUtilsTemplate template = new KafkaUtilsTemplate(new MockProducerFactory<>(() -> producer),
				TopicNames.of("", Map.of()), Duration.ofSeconds(10));
		template.setMicrometerEnabled(false);
		if (metrics != null) {
			template.addSendListener(metrics);
		}
		if (observations != null) {
			template.setObservationEnabled(true);
			template.setObservationRegistry(observations);
		}
		return template;
	}

}
