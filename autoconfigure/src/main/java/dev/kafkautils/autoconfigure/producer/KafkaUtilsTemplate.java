package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.autoconfigure.core.TopicNames;
import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A {@link KafkaTemplate} that takes logical topic names (resolved through
 * {@link TopicNames}, so the topic prefix is applied in one place) and adds a blocking
 * send with a timeout. Values are serialised by their runtime type by the producer
 * factory's value serializer.
 * <p>
 * {@link SendListener}s learn every record's outcome and its time from {@code send} to
 * the broker's answer. For that the template sends a record subclass that carries its
 * start time, and reports from the producer callback through the template's
 * {@link ProducerListener} slot, wrapping the producer listener set on it: no per-send
 * context object and no extra future stage.
 */
public class KafkaUtilsTemplate extends KafkaTemplate<String, Object> {

	private static final SendListener[] NO_SEND_LISTENERS = {};

	private final TopicNames topicNames;

	private final Duration sendTimeout;

	private SendListener[] sendListeners = NO_SEND_LISTENERS;

	/** KafkaTemplate's default, kept here because KafkaTemplate has no getter for it. */
	private @Nullable ProducerListener<String, Object> producerListener = new LoggingProducerListener<>();

	public KafkaUtilsTemplate(ProducerFactory<String, Object> producerFactory, TopicNames topicNames,
			Duration sendTimeout) {
		super(producerFactory);
		this.topicNames = topicNames;
		this.sendTimeout = sendTimeout;
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, @Nullable Object data) {
		return super.send(newRecord(topic, null, null, null, data));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, String key, @Nullable Object data) {
		return super.send(newRecord(topic, null, null, key, data));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, Integer partition, @Nullable String key,
			@Nullable Object data) {
		return super.send(newRecord(topic, partition, null, key, data));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, @Nullable Integer partition,
			Long timestamp, @Nullable String key, @Nullable Object data) {
		return super.send(newRecord(topic, partition, timestamp, key, data));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(ProducerRecord<String, Object> record) {
		String physical = this.topicNames.physical(record.topic());
		if (physical.equals(record.topic())) {
			// a record without a start time is copied once it reaches doSend, if anyone listens
			return super.send(record);
		}
		return super.send(new TimedProducerRecord(physical, record.partition(), record.timestamp(), record.key(),
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
			future = super.send(newRecord(physical, null, null, key, data));
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
	 * Reports the outcome of the send to the {@link SendListener}s when it fails before
	 * the producer took the record (serialisation, a closed producer): the producer does
	 * not call back then. A record without a start time (sent as a {@link Message} or as
	 * a caller's own {@link ProducerRecord}) is copied into one first.
	 */
	@Override
	protected CompletableFuture<SendResult<String, Object>> doSend(ProducerRecord<String, Object> record,
			Observation observation) {
		SendListener[] listeners = this.sendListeners;
		if (listeners.length == 0) {
			return super.doSend(record, observation);
		}
		TimedProducerRecord timed = (record instanceof TimedProducerRecord started) ? started
				: TimedProducerRecord.copyOf(record);
		try {
			return super.doSend(timed, observation);
		}
		catch (RuntimeException ex) {
			if (timed.claimOutcome()) {
				TimingProducerListener.reportFailure(listeners, timed, ex, timed.elapsedNanos());
			}
			throw ex;
		}
	}

	private ProducerRecord<String, Object> newRecord(String topic, @Nullable Integer partition,
			@Nullable Long timestamp, @Nullable String key, @Nullable Object data) {
		return new TimedProducerRecord(this.topicNames.physical(topic), partition, timestamp, key, data, null);
	}

	/**
	 * Add a listener told the outcome and the send-to-acknowledgement time of every
	 * record.
	 * @param sendListener the listener
	 */
	public void addSendListener(SendListener sendListener) {
		SendListener[] listeners = Arrays.copyOf(this.sendListeners, this.sendListeners.length + 1);
		listeners[listeners.length - 1] = sendListener;
		this.sendListeners = listeners;
		installProducerListener();
	}

	@Override
	public void setProducerListener(@Nullable ProducerListener<String, Object> producerListener) {
		this.producerListener = producerListener;
		installProducerListener();
	}

	private void installProducerListener() {
		super.setProducerListener((this.sendListeners.length == 0) ? this.producerListener
				: new TimingProducerListener(this.sendListeners, this.producerListener));
	}

	/**
	 * @return the logical-to-physical topic names this template resolves with
	 */
	public TopicNames getTopicNames() {
		return this.topicNames;
	}

}
