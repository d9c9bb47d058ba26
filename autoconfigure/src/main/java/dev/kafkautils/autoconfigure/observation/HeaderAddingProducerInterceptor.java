package dev.kafkautils.autoconfigure.observation;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * A template-level producer interceptor that only adds headers in
 * {@link #onSend(org.apache.kafka.clients.producer.ProducerRecord)}: it needs no
 * acknowledgement, configuration or closing.
 */
abstract class HeaderAddingProducerInterceptor implements ProducerInterceptor<Object, Object> {

	@Override
	public final void onAcknowledgement(RecordMetadata metadata, @Nullable Exception exception) {
	}

	@Override
	public final void close() {
	}

	@Override
	public final void configure(Map<String, ?> configs) {
	}

}
