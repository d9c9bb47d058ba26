package dev.kafkautils.autoconfigure.errors;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;

/**
 * The producer that writes dead-letter copies, failure events and replays: keys and
 * values written back exactly as they were received, no headers added. Kept apart from
 * the application's template so that template's serializer and headers never touch a
 * dead-lettered record.
 * <p>
 * With a non-transactional application producer factory it is a producer of its own
 * with the application's settings (brokers, security, acks=all). With a transactional
 * one (exactly-once, {@code spring.kafka.producer.transaction-id-prefix}) it sends
 * through the application's factory instead, so that inside a listener's transaction the
 * dead-letter copy is written by the producer of that transaction, atomically with the
 * failed record's offset: a record is either dead-lettered and committed, or neither.
 * Its keys and values are serialised here and passed through the factory's serializers
 * untouched ({@link PreSerializedSerializer}). Outside a transaction it sends without
 * one (replays), while spring-kafka's dead-letter recoverer opens a transaction of its
 * own.
 */
public final class DeadLetterProducer implements DisposableBean {

	private final @Nullable DefaultKafkaProducerFactory<Object, Object> producerFactory;

	private final KafkaTemplate<Object, Object> template;

	@SuppressWarnings("unchecked")
	DeadLetterProducer(ProducerFactory<?, ?> source, Serializer<Object> fallback, String clientId) {
		DeadLetterSerializer serializer = new DeadLetterSerializer(fallback);
		if (source.transactionCapable()) {
			if (!(source instanceof DefaultKafkaProducerFactory<?, ?> defaultFactory)) {
				throw new IllegalStateException("Dead-letter copies in a transaction need the transactional producer "
						+ "factory to be a DefaultKafkaProducerFactory, but it is a " + source.getClass().getName()
						+ ": declare a DeadLetterProducer of your own or use Spring Boot's producer factory");
			}
			PreSerializedSerializer.install(defaultFactory);
			this.producerFactory = null;
			this.template = new PreSerializingTemplate((ProducerFactory<Object, Object>) source, serializer);
			this.template.setAllowNonTransactional(true);
			return;
		}
		Map<String, Object> config = new HashMap<>(source.getConfigurationProperties());
		config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
		DefaultKafkaProducerFactory<Object, Object> own = new DefaultKafkaProducerFactory<>(config, serializer,
				serializer);
		// the application's factory listeners, such as Spring Boot's Micrometer client metrics
		for (ProducerFactory.Listener<?, ?> listener : source.getListeners()) {
			own.addListener((ProducerFactory.Listener<Object, Object>) listener);
		}
		this.producerFactory = own;
		this.template = new KafkaTemplate<>(own);
	}

	KafkaTemplate<Object, Object> template() {
		return this.template;
	}

	/**
	 * @return whether dead-letter copies are written in the listener's transaction
	 */
	public boolean isTransactional() {
		return this.template.isTransactional();
	}

	@Override
	public void destroy() {
		if (this.producerFactory != null) {
			this.producerFactory.destroy();
		}
	}

	/** Serialises key and value itself, as the dead-letter producer of its own would. */
	private static final class PreSerializingTemplate extends KafkaTemplate<Object, Object> {

		private final DeadLetterSerializer serializer;

		PreSerializingTemplate(ProducerFactory<Object, Object> producerFactory, DeadLetterSerializer serializer) {
			super(producerFactory);
			this.serializer = serializer;
		}

		@Override
		public CompletableFuture<SendResult<Object, Object>> send(ProducerRecord<Object, Object> record) {
			String topic = record.topic();
			return super.send(new ProducerRecord<>(topic, record.partition(), record.timestamp(),
					new PreSerialized(this.serializer.serialize(topic, record.key())),
					new PreSerialized(this.serializer.serialize(topic, record.value())), record.headers()));
		}

	}

}
