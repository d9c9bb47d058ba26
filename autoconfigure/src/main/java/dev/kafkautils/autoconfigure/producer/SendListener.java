package dev.kafkautils.autoconfigure.producer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Told the outcome of every record sent through {@link KafkaUtilsTemplate}, with the time
 * from the {@code send} call to the broker's answer. Every {@code SendListener} bean is
 * added to the auto-configured template.
 * <p>
 * Called once per record, from the producer's I/O thread (or from the sending thread when
 * the send fails before the producer takes the record): keep it short and never block. It
 * is cheaper than an observation because it needs no per-send context: the start time
 * travels in the record itself.
 */
public interface SendListener {

	/**
	 * The broker acknowledged the record.
	 * @param record the record as sent
	 * @param metadata where the broker stored it
	 * @param elapsedNanos nanoseconds from the send call to the acknowledgement, or
	 * {@code -1} when unknown (a template-level producer interceptor replaced the record)
	 */
	void acknowledged(ProducerRecord<?, ?> record, RecordMetadata metadata, long elapsedNanos);

	/**
	 * The record was not stored.
	 * @param record the record
	 * @param exception why: the producer's exception
	 * @param elapsedNanos nanoseconds from the send call to the failure, or {@code -1}
	 * when unknown
	 */
	void failed(ProducerRecord<?, ?> record, Exception exception, long elapsedNanos);

}
