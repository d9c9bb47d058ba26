package dev.kafkautils.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics.ProducerMeters;
import dev.kafkautils.autoconfigure.producer.SendListener;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.kafka.KafkaException;

/**
 * Counts and times every record the template sends, from the send callback. The topic
 * tag is the physical topic: the template resolved logical names before sending.
 */
final class SendMetrics implements SendListener {

	private final KafkaUtilsMetrics metrics;

	SendMetrics(KafkaUtilsMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void acknowledged(ProducerRecord<?, ?> record, RecordMetadata metadata, long elapsedNanos) {
		ProducerMeters meters = this.metrics.producer(record.topic());
		meters.records().increment();
		if (elapsedNanos >= 0) {
			meters.latency().record(elapsedNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void failed(ProducerRecord<?, ?> record, Exception exception, long elapsedNanos) {
		// spring-kafka wraps a failure it rethrows from send; count the producer's own exception
		Throwable cause = (exception instanceof KafkaException && exception.getCause() != null)
				? exception.getCause() : exception;
		this.metrics.producer(record.topic()).failures().increment(cause);
	}

}
