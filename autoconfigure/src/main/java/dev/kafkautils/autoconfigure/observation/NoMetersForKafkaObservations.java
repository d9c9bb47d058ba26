package dev.kafkautils.autoconfigure.observation;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

/**
 * A meter handler that claims spring-kafka's send and receive observations and records
 * nothing for them. Spring Boot groups meter handlers so that the first one supporting an
 * observation handles it; ordered first, this one keeps the default meter handler from
 * registering a timer and a long-task timer per observation, which is most of what makes
 * an observed send slow. Tracing handlers are a separate group and still see every
 * observation. The kafka-utils meters time sends and listeners instead.
 */
public final class NoMetersForKafkaObservations implements MeterObservationHandler<Observation.Context> {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof KafkaRecordSenderContext || context instanceof KafkaRecordReceiverContext;
	}

}
