package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaNull;
import org.springframework.kafka.support.converter.KafkaMessageHeaders;
import org.springframework.kafka.support.converter.MessageConverter;
import org.springframework.kafka.support.converter.MessagingMessageConverter;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * Turns a record's value bytes into the payload a {@code @KafkaListener} method asks
 * for. The type is the one configured for the record's topic
 * ({@code kafka.utils.topics.<logical>.type}), else the listener parameter's type: a
 * generated protobuf class is parsed, {@code String} is read as UTF-8, {@code byte[]}
 * stays as is, and any other type is read as JSON. Type information in record headers is
 * never used, so a sender cannot choose a class to instantiate.
 * <p>
 * Consumers keep values as the bytes that were on the wire until this point, so a record
 * that fails later is dead-lettered byte for byte. Bytes that do not parse raise a
 * {@link DeserializationException} naming the record's topic, partition and offset; the
 * error handler does not retry it.
 * <p>
 * The message's headers are mapped when first read, not for every record: a listener
 * that takes only its payload does not pay for spring-kafka's header mapping (see
 * {@link RecordMessageHeaders}). With a {@linkplain #setMessagingConverter messaging
 * converter} set, messages are built as spring-kafka builds them.
 */
public class PayloadMessageConverter extends MessagingMessageConverter {

	/** Asks {@link #extractAndConvertValue} for no payload: only the headers are mapped. */
	private static final Type HEADERS_ONLY = new Type() {
	};

	private final PayloadReaders readers;

	private final PayloadTypes payloadTypes;

	private final @Nullable String contentTypeHeader;

	private final @Nullable PayloadFraming framing;

	/**
	 * @param readers the readers by type
	 * @param payloadTypes the configured payload types by topic
	 * @param contentTypeHeader name of the content-type header to check, or {@code null}
	 */
	public PayloadMessageConverter(PayloadReaders readers, PayloadTypes payloadTypes,
			@Nullable String contentTypeHeader) {
		this(readers, payloadTypes, contentTypeHeader, null);
	}

	/**
	 * @param readers the readers by type
	 * @param payloadTypes the configured payload types by topic
	 * @param contentTypeHeader name of the content-type header to check, or {@code null}
	 * @param framing reads values framed for a schema registry, or {@code null} when
	 * values are not framed
	 */
	public PayloadMessageConverter(PayloadReaders readers, PayloadTypes payloadTypes,
			@Nullable String contentTypeHeader, @Nullable PayloadFraming framing) {
		this.readers = readers;
		this.payloadTypes = payloadTypes;
		this.contentTypeHeader = contentTypeHeader;
		this.framing = framing;
	}

	@Override
	public Message<?> toMessage(ConsumerRecord<?, ?> record, @Nullable Object acknowledgment,
			@Nullable Object consumer, @Nullable Type type) {
		if (getMessagingConverter() != null) {
			return super.toMessage(record, acknowledgment, consumer, type);
		}
		Object payload = extractAndConvertValue(record, type);
		// the consumer thread's group, read now: the headers may be mapped on another thread
		String groupId = MessageConverter.getGroupId();
		return new GenericMessage<>(payload, new RecordMessageHeaders(this, record, acknowledgment, consumer, groupId));
	}

	/** The headers spring-kafka's converter maps for the record, without its payload. */
	MessageHeaders mapHeaders(ConsumerRecord<?, ?> record, @Nullable Object acknowledgment,
			@Nullable Object consumer, @Nullable String groupId) {
		MessageHeaders headers = super.toMessage(record, acknowledgment, consumer, HEADERS_ONLY).getHeaders();
		if (headers instanceof KafkaMessageHeaders kafkaHeaders
				&& !Objects.equals(headers.get(KafkaHeaders.GROUP_ID), groupId)) {
			if (groupId != null) {
				kafkaHeaders.getRawHeaders().put(KafkaHeaders.GROUP_ID, groupId);
			}
			else {
				kafkaHeaders.getRawHeaders().remove(KafkaHeaders.GROUP_ID);
			}
		}
		return headers;
	}

	@Override
	protected Object extractAndConvertValue(ConsumerRecord<?, ?> record, @Nullable Type type) {
		if (type == HEADERS_ONLY) {
			return KafkaNull.INSTANCE;
		}
		Object value = record.value();
		if (value == null) {
			return KafkaNull.INSTANCE;
		}
		if (!(value instanceof byte[] bytes)) {
			return value;
		}
		PayloadReader reader = this.payloadTypes.forTopic(record.topic());
		boolean configured = reader != null;
		if (reader == null) {
			reader = readerForParameter(record, bytes, type);
			if (reader == null) {
				return (type != null && DefaultPayloadReaders.rawClass(type) == String.class)
						? new String(bytes, StandardCharsets.UTF_8) : bytes;
			}
		}
		checkContentType(record, bytes, reader);
		try {
			PayloadFraming framing = this.framing;
			if (framing != null && framing.frames(record.topic(), reader.contentType())) {
				Class<?> payloadClass = configured ? this.payloadTypes.typeFor(record.topic())
						: DefaultPayloadReaders.rawClass(type);
				return framing.read(record.topic(), record.headers(), bytes, payloadClass, reader);
			}
			return reader.read(bytes);
		}
		catch (Exception ex) {
			throw new DeserializationException(describe(record) + " is not a valid " + reader.typeName() + " ("
					+ reader.contentType().mimeType() + "): " + ex.getMessage(), bytes, false, ex);
		}
	}

	/** The reader for the listener's parameter, or {@code null} when the bytes are wanted as they are. */
	private @Nullable PayloadReader readerForParameter(ConsumerRecord<?, ?> record, byte[] bytes,
			@Nullable Type type) {
		if (type == null) {
			return null;
		}
		Class<?> target = DefaultPayloadReaders.rawClass(type);
		if (target == byte[].class || target == Object.class || target == String.class) {
			return null;
		}
		try {
			return this.readers.forType(type);
		}
		catch (IllegalArgumentException ex) {
			throw new DeserializationException("Listener parameter type " + type.getTypeName() + " cannot be read from "
					+ describe(record) + ": " + ex.getMessage(), bytes, false, ex);
		}
	}

	/** A record that announces another encoding is refused rather than misread. */
	private void checkContentType(ConsumerRecord<?, ?> record, byte[] bytes, PayloadReader reader) {
		if (this.contentTypeHeader == null) {
			return;
		}
		Header header = record.headers().lastHeader(this.contentTypeHeader);
		byte[] value = (header != null) ? header.value() : null;
		if (value == null) {
			return;
		}
		ContentType expected = reader.contentType();
		// the exact value the starter writes is compared as a whole (an intrinsic); only
		// other spellings take the case-insensitive walk, byte by byte
		if (!Arrays.equals(value, expected.headerValue()) && !expected.matches(value)) {
			throw new DeserializationException(describe(record) + " has " + this.contentTypeHeader + " '"
					+ new String(value, StandardCharsets.UTF_8) + "' but is expected as " + reader.typeName() + " ("
					+ expected.mimeType() + ")", bytes, false, null);
		}
	}

	private static String describe(ConsumerRecord<?, ?> record) {
		return "Value of record " + record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
