package dev.kafkautils.autoconfigure.metrics;

import java.util.Map;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.codec.DefaultPayloadReaders;
import dev.kafkautils.autoconfigure.codec.JacksonJsonCodec;
import dev.kafkautils.autoconfigure.codec.PayloadSerializer;
import dev.kafkautils.autoconfigure.codec.PayloadTypes;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.core.TopicProperties;
import dev.kafkautils.autoconfigure.observation.NoMetersForKafkaObservations;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.SendAllocation;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.KafkaUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check, not a benchmark: once a topic's meters exist, recording a sent or a consumed
 * record allocates nothing, and neither does checking a value against its topic's
 * configured type. An observation with Micrometer's meter handler, for
 * comparison, allocates a context, samples and meter lookups on every send.
 */
class SendPathAllocationTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final KafkaUtilsMetrics metrics = new KafkaUtilsMetrics(this.registry, true);

	@AfterEach
	void clearGroup() {
		KafkaUtils.clearConsumerGroupId();
	}

	@Test
	void recordingASentRecordAllocatesNothing() {
		SendMetrics sendMetrics = new SendMetrics(this.metrics);
		ProducerRecord<String, Object> record = new ProducerRecord<>("orders", "key", "value");
		RecordMetadata metadata = new RecordMetadata(new TopicPartition("orders", 0), 0, 0, 0, 3, 5);
		double bytes = SendAllocation.bytesPerCall(() -> sendMetrics.acknowledged(record, metadata, 1_000_000));
		assertThat(bytes).isLessThan(1);
		assertThat(this.registry.get(KafkaUtilsMetrics.PRODUCER_LATENCY).timer().count()).isPositive();
	}

	@Test
	void recordingAConsumedRecordAllocatesNothing() {
		RecordInterceptor<Object, Object> interceptor = new ListenerMetrics(this.metrics).recordInterceptor();
		ConsumerRecord<Object, Object> record = new ConsumerRecord<>("orders", 0, 0L, "key", "value");
		KafkaUtils.setConsumerGroupId("orders-service");
		double bytes = SendAllocation.bytesPerCall(() -> {
			interceptor.intercept(record, null);
			interceptor.success(record, null);
			interceptor.afterRecord(record, null);
		});
		assertThat(bytes).isLessThan(1);
		assertThat(this.registry.get(KafkaUtilsMetrics.CONSUMER_RECORDS).counter().count()).isPositive();
	}

	@Test
	void wholeSends() {
		long plain = SendAllocation.bytesPerRecord(SendAllocation.template());
		KafkaUtilsTemplate metered = SendAllocation.template();
		metered.addSendListener(new SendMetrics(this.metrics));
		long withMeters = SendAllocation.bytesPerRecord(metered);

		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.registry));
		long observed = SendAllocation.bytesPerRecord(observed(observations));
		// the meter handlers as kafka-utils groups them: Kafka observations get no timers
		ObservationRegistry withoutTimers = ObservationRegistry.create();
		withoutTimers.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(new NoMetersForKafkaObservations(),
					new DefaultMeterObservationHandler(this.registry)));
		long observedWithoutTimers = SendAllocation.bytesPerRecord(observed(withoutTimers));

		System.out.printf("bytes allocated per send: plain %d, kafka-utils meters %d, observation with meters %d, "
				+ "observation without Kafka timers %d%n", plain, withMeters, observed, observedWithoutTimers);
		assertThat(this.registry.get(KafkaUtilsMetrics.PRODUCER_LATENCY).timer().count())
			.isEqualTo(SendAllocation.recordsSent());
		assertThat(observed - plain).as("bytes an observation adds per record").isGreaterThan(1000);
		assertThat(observedWithoutTimers).isLessThan(observed);
	}

	@Test
	void checkingTheValueOfATopicWithAConfiguredTypeAllocatesNothing() {
		TopicProperties stamps = new TopicProperties();
		stamps.setType(Timestamp.class.getName());
		Map<String, TopicProperties> topics = Map.of("stamps", stamps);
		PayloadTypes types = PayloadTypes.of(topics, TopicNames.of("", topics),
				new DefaultPayloadReaders(new JacksonJsonCodec(JsonMapper.shared())), getClass().getClassLoader());
		Timestamp stamp = Timestamp.newBuilder().setSeconds(1_700_000_000L).build();
		double bytes = SendAllocation.bytesPerCall(() -> types.checkSendable("stamps", stamp));
		assertThat(bytes).isLessThan(1);

		PayloadSerializer serializer = new PayloadSerializer(new JacksonJsonCodec(JsonMapper.shared()), null, types);
		long typed = SendAllocation.bytesPerRecord(SendAllocation.template(serializer), "stamps", stamp);
		long untyped = SendAllocation.bytesPerRecord(SendAllocation.template(serializer), "untyped", stamp);
		System.out.printf("bytes allocated per protobuf send: to a topic with a configured type %d, without %d%n",
				typed, untyped);
		// the measured sends did go through the check
		assertThat(SendAllocation.template(serializer).send("stamps", "key", "text")).isCompletedExceptionally();
	}

	private static KafkaUtilsTemplate observed(ObservationRegistry observations) {
		KafkaUtilsTemplate template = SendAllocation.template();
		template.setObservationEnabled(true);
		template.setObservationRegistry(observations);
		return template;
	}

}
