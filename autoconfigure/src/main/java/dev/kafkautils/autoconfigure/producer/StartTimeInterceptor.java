package dev.kafkautils.autoconfigure.producer;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The last template-level interceptor of a plain {@code KafkaTemplate} that reports to
 * {@link SendListener}s: sends a copy of the record that carries its start time, so the
 * template's producer listener can time the record as {@link KafkaUtilsTemplate} does.
 * A plain template allocates the record itself, so this costs one copy of it per send.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class StartTimeInterceptor<K, V> implements ProducerInterceptor<K, V> {

	@Override
	public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
		return (record instanceof TimedProducerRecord) ? record : TimedProducerRecord.copyOf(record);
	}

	@Override
	public void onAcknowledgement(@Nullable RecordMetadata metadata, @Nullable Exception exception) {
	}

	@Override
	public void close() {
	}

	@Override
	public void configure(Map<String, ?> configs) {
	}

}
