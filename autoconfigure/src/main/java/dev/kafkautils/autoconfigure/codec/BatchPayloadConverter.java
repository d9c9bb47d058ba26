package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.JacksonPresent;
import org.springframework.kafka.support.JsonKafkaHeaderMapper;
import org.springframework.kafka.support.KafkaHeaderMapper;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaNull;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.SimpleKafkaHeaderMapper;
import org.springframework.kafka.support.converter.BatchMessageConverter;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The batch converter of {@code @KafkaListener(batch = "true")} methods: turns a poll's
 * records into the typed list the method asks for ({@code List<OrderCreated>}), each
 * value read exactly as a record listener's would be (by the {@link PayloadMessageConverter},
 * from {@code kafka.utils.topics.<logical>.type} or the list's element type), without
 * building a {@link Message} or mapping headers per record.
 * <p>
 * spring-kafka's batch headers are there ({@code RECEIVED_KEY}, {@code RECEIVED_TOPIC},
 * {@code RECEIVED_PARTITION}, {@code OFFSET}, {@code RECEIVED_TIMESTAMP},
 * {@code TIMESTAMP_TYPE}, {@code NATIVE_HEADERS}, {@code BATCH_CONVERTED_HEADERS},
 * {@code RAW_DATA}, ...), as lists in payload order; they are views over the records,
 * read when the method asks for them, so a method that takes only the payloads costs
 * one list of payloads per batch. Converted headers are mapped per record on first
 * access.
 * <p>
 * A value that cannot be read raises the {@link DeserializationException} of the
 * record converter, before the listener sees any of the batch; the kafka-utils batch
 * handling takes that record out of the batch, dead-letters it and delivers the rest.
 * A tombstone ({@code null} value) is a {@code null} element. Methods taking
 * {@code List<Message<T>>} are converted record by record by the
 * {@link #getRecordMessageConverter() record converter}, as spring-kafka does.
 */
public class BatchPayloadConverter implements BatchMessageConverter {

	private final PayloadMessageConverter recordConverter;

	private final KafkaHeaderMapper headerMapper;

	/**
	 * @param recordConverter reads each value, and converts records for
	 * {@code List<Message<T>>} methods
	 */
	public BatchPayloadConverter(PayloadMessageConverter recordConverter) {
		this.recordConverter = recordConverter;
		this.headerMapper = JacksonPresent.isJackson3Present() ? new JsonKafkaHeaderMapper()
				: new SimpleKafkaHeaderMapper();
	}

	@Override
	public Message<?> toMessage(List<ConsumerRecord<?, ?>> records, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer, Type type) {
		Type elementType = elementType(type);
		List<@Nullable Object> payloads = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			payloads.add(read(records.get(i), elementType));
		}
		BatchHeaders headers = new BatchHeaders();
		Map<String, Object> raw = headers.raw();
		raw.put(KafkaHeaders.RECEIVED_KEY, new View<>(records, ConsumerRecord::key));
		raw.put(KafkaHeaders.RECEIVED_TOPIC, new View<>(records, ConsumerRecord::topic));
		raw.put(KafkaHeaders.RECEIVED_PARTITION, new View<>(records, ConsumerRecord::partition));
		raw.put(KafkaHeaders.OFFSET, new View<>(records, ConsumerRecord::offset));
		raw.put(KafkaHeaders.RECEIVED_TIMESTAMP, new View<>(records, ConsumerRecord::timestamp));
		raw.put(KafkaHeaders.TIMESTAMP_TYPE, new View<>(records, (record) -> record.timestampType().name()));
		raw.put(KafkaHeaders.NATIVE_HEADERS, new View<>(records, ConsumerRecord::headers));
		raw.put(KafkaHeaders.BATCH_CONVERTED_HEADERS, new MappedHeaders(records, this.headerMapper));
		raw.put(KafkaHeaders.CONVERSION_FAILURES, Collections.nCopies(records.size(), null));
		raw.put(KafkaHeaders.RAW_DATA, records);
		String group = KafkaUtils.getConsumerGroupId();
		if (group != null) {
			raw.put(KafkaHeaders.GROUP_ID, group);
		}
		if (acknowledgment != null) {
			raw.put(KafkaHeaders.ACKNOWLEDGMENT, acknowledgment);
		}
		if (consumer != null) {
			raw.put(KafkaHeaders.CONSUMER, consumer);
		}
		if (!records.isEmpty()) {
			Header info = records.get(0).headers().lastHeader(KafkaHeaders.LISTENER_INFO);
			if (info != null && info.value() != null) {
				raw.put(KafkaHeaders.LISTENER_INFO, new String(info.value(), StandardCharsets.UTF_8));
			}
		}
		return MessageBuilder.createMessage(payloads, headers);
	}

	private @Nullable Object read(ConsumerRecord<?, ?> record, @Nullable Type elementType) {
		Object payload = this.recordConverter.extractAndConvertValue(record, elementType);
		return (payload == KafkaNull.INSTANCE) ? null : payload;
	}

	/** The element type of {@code List<T>}, {@code null} when the method does not say. */
	private static @Nullable Type elementType(@Nullable Type type) {
		if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length == 1) {
			Type element = parameterized.getActualTypeArguments()[0];
			return (element instanceof Class<?> || element instanceof ParameterizedType) ? element : null;
		}
		return null;
	}

	@Override
	public List<ProducerRecord<?, ?>> fromMessage(Message<?> message, String defaultTopic) {
		throw new UnsupportedOperationException("A batch converter for listeners does not produce records");
	}

	@Override
	public RecordMessageConverter getRecordMessageConverter() {
		return this.recordConverter;
	}

	/** Headers without id and timestamp, as spring-kafka's batch converter makes them. */
	private static final class BatchHeaders extends MessageHeaders {

		private static final long serialVersionUID = 1L;

		BatchHeaders() {
			super(null, ID_VALUE_NONE, -1L);
		}

		Map<String, Object> raw() {
			return getRawHeaders();
		}

	}

	/** One property of each record, read when asked for. */
	private static final class View<T> extends AbstractList<T> implements RandomAccess {

		private final List<ConsumerRecord<?, ?>> records;

		private final Function<ConsumerRecord<?, ?>, T> property;

		View(List<ConsumerRecord<?, ?>> records, Function<ConsumerRecord<?, ?>, T> property) {
			this.records = records;
			this.property = property;
		}

		@Override
		public T get(int index) {
			return this.property.apply(this.records.get(index));
		}

		@Override
		public int size() {
			return this.records.size();
		}

	}

	/** Each record's headers mapped by the header mapper, on first access. */
	private static final class MappedHeaders extends AbstractList<Map<String, Object>> implements RandomAccess {

		private final List<ConsumerRecord<?, ?>> records;

		private final KafkaHeaderMapper mapper;

		/** Made on first access: most methods never ask. */
		private @Nullable Map<String, Object> @Nullable [] mapped;

		MappedHeaders(List<ConsumerRecord<?, ?>> records, KafkaHeaderMapper mapper) {
			this.records = records;
			this.mapper = mapper;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Map<String, Object> get(int index) {
			@Nullable Map<String, Object>[] all = this.mapped;
			if (all == null) {
				all = new Map[this.records.size()];
				this.mapped = all;
			}
			Map<String, Object> headers = all[index];
			if (headers == null) {
				headers = new HashMap<>();
				this.mapper.toHeaders(this.records.get(index).headers(), headers);
				all[index] = headers;
			}
			return headers;
		}

		@Override
		public int size() {
			return this.records.size();
		}

	}

}
