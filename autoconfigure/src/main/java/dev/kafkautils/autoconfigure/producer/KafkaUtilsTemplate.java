package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import dev.kafkautils.autoconfigure.core.TopicNames;
import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaProducerException;
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
 * <p>
 * The future that {@code send} returns sees every failure of the record, also those the
 * producer reports before it takes the record, which spring-kafka throws from
 * {@code send} (see {@link #doSend}).
 */
public class KafkaUtilsTemplate extends KafkaTemplate<String, Object> {

	private static final SendListener[] NO_SEND_LISTENERS = {};

	private final TopicNames topicNames;

	private final Duration sendTimeout;

	private SendListener[] sendListeners = NO_SEND_LISTENERS;

	/** KafkaTemplate's default, kept here because KafkaTemplate has no getter for it. */
	private @Nullable ProducerListener<String, Object> producerListener = new LoggingProducerListener<>();

	/** Kept here because KafkaTemplate has no getter for it. */
	private @Nullable ProducerInterceptor<String, Object> producerInterceptor;

	public KafkaUtilsTemplate(ProducerFactory<String, Object> producerFactory, TopicNames topicNames,
			Duration sendTimeout) {
		super(producerFactory);
		this.topicNames = topicNames;
		this.sendTimeout = sendTimeout;
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, @Nullable Object data) {
		return sendRecord(newRecord(topic, null, null, null, data));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, String key, @Nullable Object data) {
		return sendRecord(newRecord(topic, null, null, key, data));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, Integer partition, @Nullable String key,
			@Nullable Object data) {
		return sendRecord(newRecord(topic, partition, null, key, data));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(String topic, @Nullable Integer partition,
			Long timestamp, @Nullable String key, @Nullable Object data) {
		return sendRecord(newRecord(topic, partition, timestamp, key, data));
	}

	@Override
	public CompletableFuture<SendResult<String, Object>> send(ProducerRecord<String, Object> record) {
		String physical = this.topicNames.physical(record.topic());
		if (physical.equals(record.topic())) {
			// a record without a start time is copied once it reaches doSend, if anyone listens
			return sendRecord(record);
		}
		return sendRecord(new TimedProducerRecord<>(physical, record.partition(), record.timestamp(), record.key(),
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
	 * {@code kafka.utils.producer.send-timeout} for the whole call.
	 * @param topic the logical topic name
	 * @param key the key, may be {@code null}
	 * @param data the value
	 * @return the result, with the record's partition and offset
	 * @throws KafkaSendTimeoutException when the record was not sent or not acknowledged
	 * in time ({@link KafkaSendTimeoutException#wasSent()} tells which)
	 * @throws SerializationException when the value cannot be sent to the topic, such as
	 * a value the topic's configured type does not allow
	 * @throws KafkaException when the send failed otherwise
	 * @see #sendAndWait(String, String, Object, Duration)
	 */
	public SendResult<String, Object> sendAndWait(String topic, @Nullable String key, @Nullable Object data) {
		return sendAndWait(topic, key, data, this.sendTimeout);
	}

	/**
	 * Send a record and wait for the broker's acknowledgement. The timeout bounds the
	 * whole call: the time the producer took to accept the record (waiting for the
	 * topic's metadata or for buffer space, at most its {@code max.block.ms}) is taken
	 * from it, so the call ends within the timeout whenever {@code max.block.ms} is not
	 * longer.
	 * @param topic the logical topic name
	 * @param key the key, may be {@code null}
	 * @param data the value
	 * @param timeout how long the call may take
	 * @return the result, with the record's partition and offset
	 * @throws KafkaSendTimeoutException when the record was not sent or not acknowledged
	 * in time ({@link KafkaSendTimeoutException#wasSent()} tells which)
	 * @throws SerializationException when the value cannot be sent to the topic, such as
	 * a value the topic's configured type does not allow
	 * @throws KafkaException when the send failed otherwise
	 */
	public SendResult<String, Object> sendAndWait(String topic, @Nullable String key, @Nullable Object data,
			Duration timeout) {
		long start = System.nanoTime();
		String physical = this.topicNames.physical(topic);
		CompletableFuture<SendResult<String, Object>> future;
		try {
			future = sendRecord(newRecord(physical, null, null, key, data));
		}
		catch (KafkaException | org.apache.kafka.common.KafkaException ex) {
			// a transactional template throws, as spring-kafka does
			throw SendFailures.notSent(physical, timeout, SendFailures.producerException(ex));
		}
		// send reports a record the producer did not take through a future that has failed already
		boolean taken = !future.isCompletedExceptionally();
		long remaining = timeout.toNanos() - (System.nanoTime() - start);
		return SendFailures.await(future, taken, physical, timeout, remaining);
	}

	/**
	 * Reports a send that fails before the producer took the record (no metadata or no
	 * buffer space within {@code max.block.ms}, a record too large, a value that cannot
	 * be serialised) through the returned future, completed exceptionally with a
	 * {@link KafkaProducerException} as for a failure the broker reports, so callers see
	 * every failure in one place; spring-kafka throws these from {@code send}. A
	 * transactional template keeps throwing them, so that the transaction rolls back.
	 * <p>
	 * Also reports such a failure to the {@link SendListener}s, once: the producer calls
	 * back for some of them and not for others. A record without a start time (sent as
	 * a {@link Message} or as a caller's own {@link ProducerRecord}) is copied into one
	 * first.
	 */
	/**
	 * Sends a record as {@link KafkaTemplate#send(ProducerRecord)} does. Without an
	 * observation registry (observation off, the default) that method only opens and
	 * closes a no-op observation around {@link #doSend}: this goes to it directly.
	 */
	private CompletableFuture<SendResult<String, Object>> sendRecord(ProducerRecord<String, Object> record) {
		if (getObservationRegistry().isNoop()) {
			return doSend(record, Observation.NOOP);
		}
		return super.send(record);
	}

	@Override
	protected CompletableFuture<SendResult<String, Object>> doSend(ProducerRecord<String, Object> record,
			Observation observation) {
		SendListener[] listeners = this.sendListeners;
		ProducerRecord<String, Object> sent = (listeners.length == 0 || record instanceof TimedProducerRecord)
				? record : TimedProducerRecord.copyOf(record);
		try {
			return super.doSend(sent, observation);
		}
		catch (RuntimeException ex) {
			Exception failure = SendFailures.producerException(ex);
			if (listeners.length > 0 && sent instanceof TimedProducerRecord<?, ?> timed && timed.claimOutcome()) {
				TimingProducerListener.reportFailure(listeners, sent, failure, timed.elapsedNanos());
			}
			boolean recordFailed = ex instanceof KafkaException || ex instanceof org.apache.kafka.common.KafkaException;
			if (!recordFailed || isTransactional()) {
				throw ex;
			}
			// the producer's callback has ended the observation of a failure it reported
			if (observation.getContext().getError() == null) {
				observation.error(failure);
				observation.stop();
			}
			return CompletableFuture.failedFuture(new KafkaProducerException(sent, "Failed to send", failure));
		}
	}

	private ProducerRecord<String, Object> newRecord(String topic, @Nullable Integer partition,
			@Nullable Long timestamp, @Nullable String key, @Nullable Object data) {
		return new TimedProducerRecord<>(this.topicNames.physical(topic), partition, timestamp, key, data, null);
	}

	/**
	 * Add a listener told the outcome and the send-to-acknowledgement time of every
	 * record. Adding the same listener again has no effect.
	 * @param sendListener the listener
	 */
	public void addSendListener(SendListener sendListener) {
		for (SendListener added : this.sendListeners) {
			if (added == sendListener) {
				return;
			}
		}
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
				: new TimingProducerListener<>(this.sendListeners, this.producerListener));
	}

	@Override
	public void setProducerInterceptor(ProducerInterceptor<String, Object> producerInterceptor) {
		this.producerInterceptor = producerInterceptor;
		super.setProducerInterceptor(producerInterceptor);
	}

	/**
	 * @return the template-level producer interceptor set on this template, if any
	 */
	@Nullable ProducerInterceptor<String, Object> getProducerInterceptor() {
		return this.producerInterceptor;
	}

	/**
	 * @return the logical-to-physical topic names this template resolves with
	 */
	public TopicNames getTopicNames() {
		return this.topicNames;
	}

}
