package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.autoconfigure.topics.TopicNames;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A {@link KafkaTemplate} that takes logical topic names (resolved through
 * {@link TopicNames}, so the topic prefix is applied in one place) and adds a blocking
 * send with a timeout. Values are serialised by their runtime type by the producer
 * factory's value serializer.
 */
public class KafkaUtilsTemplate extends KafkaTemplate<String, Object> {

	private final TopicNames topicNames;

	private final Duration sendTimeout;

	public KafkaUtilsTemplate(ProducerFactory<String, Object> producerFactory, TopicNames topicNames,
			Duration sendTimeout) {
		super(producerFactory);
		this.topicNames = topicNames;
		this.sendTimeout = sendTimeout;
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, @Nullable Object data) {
		return super.send(this.topicNames.physical(topic), data);
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, String key, @Nullable Object data) {
		return super.send(this.topicNames.physical(topic), key, data);
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, Integer partition, @Nullable String key,
			@Nullable Object data) {
		return super.send(this.topicNames.physical(topic), partition, key, data);
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, @Nullable Integer partition,
			Long timestamp, @Nullable String key, @Nullable Object data) {
		return super.send(this.topicNames.physical(topic), partition, timestamp, key, data);
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(ProducerRecord<String, Object> record) {
		String physical = this.topicNames.physical(record.topic());
		if (physical.equals(record.topic())) {
			return super.send(record);
		}
		return super.send(new ProducerRecord<>(physical, record.partition(), record.timestamp(), record.key(),
				record.value(), record.headers()));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(Message<?> message) {
		Object topic = message.getHeaders().get(KafkaHeaders.TOPIC);
		if (topic instanceof String name && !name.equals(this.topicNames.physical(name))) {
			return super.send(MessageBuilder.fromMessage(message)
				.setHeader(KafkaHeaders.TOPIC, this.topicNames.physical(name))
				.build());
		}
		return super.send(message);
	}

	/**
	 * Send a record and wait for the broker's acknowledgement, at most
	 * {@code kafka.utils.producer.send-timeout}.
	 * @param topic the logical topic name
	 * @param key the key, may be {@code null}
	 * @param data the value
	 * @return the result, with the record's partition and offset
	 * @throws KafkaSendTimeoutException when the broker did not acknowledge in time
	 * @throws KafkaException when the send failed
	 */
	public SendResult<String, Object> sendAndWait(String topic, @Nullable String key, @Nullable Object data) {
		return sendAndWait(topic, key, data, this.sendTimeout);
	}

	/**
	 * Send a record and wait for the broker's acknowledgement.
	 * @param topic the logical topic name
	 * @param key the key, may be {@code null}
	 * @param data the value
	 * @param timeout how long to wait for the acknowledgement
	 * @return the result, with the record's partition and offset
	 * @throws KafkaSendTimeoutException when the broker did not acknowledge in time
	 * @throws KafkaException when the send failed
	 */
	public SendResult<String, Object> sendAndWait(String topic, @Nullable String key, @Nullable Object data,
			Duration timeout) {
		String physical = this.topicNames.physical(topic);
		CompletableFuture<SendResult<String, Object>> future;
		try {
			future = super.send(new ProducerRecord<>(physical, key, data));
		}
		catch (KafkaException ex) {
			// the producer fails at once when it could not get metadata within max.block.ms
			if (ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
				throw new KafkaSendTimeoutException(physical, timeout, ex.getCause());
			}
			throw ex;
		}
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new KafkaSendTimeoutException(physical, timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while waiting for the acknowledgement of a record for topic '"
					+ physical + "'", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
				throw new KafkaSendTimeoutException(physical, timeout, cause);
			}
			throw new KafkaException("Send to topic '" + physical + "' failed: " + cause.getMessage(), cause);
		}
	}

	/**
	 * @return the logical-to-physical topic names this template resolves with
	 */
	public TopicNames getTopicNames() {
		return this.topicNames;
	}

}
