package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaNull;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.kafka.support.converter.MessagingMessageConverter;

/**
 * Converts the raw bytes of topics without a configured payload type into the type of
 * the {@code @KafkaListener} method's parameter: a generated protobuf class is parsed,
 * {@code String} is read as UTF-8, {@code byte[]} stays as is and any other type is read
 * as JSON. Values that the deserializer already typed pass through unchanged. Failures
 * are {@link ConversionException}s, which the error handler does not retry.
 */
public class PayloadMessageConverter extends MessagingMessageConverter {

	private final PayloadReaders readers;

	public PayloadMessageConverter(PayloadReaders readers) {
		this.readers = readers;
	}

	@Override
	protected Object extractAndConvertValue(ConsumerRecord<?, ?> record, @Nullable Type type) {
		Object value = record.value();
		if (value == null) {
			return KafkaNull.INSTANCE;
		}
		if (!(value instanceof byte[] bytes) || type == null) {
			return value;
		}
		Class<?> target = PayloadReaders.rawClass(type);
		if (target == byte[].class || target == Object.class || target.isInstance(value)) {
			return value;
		}
		if (target == String.class) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		PayloadReader reader;
		try {
			reader = this.readers.forType(type);
		}
		catch (IllegalArgumentException ex) {
			throw new ConversionException("Listener parameter type " + type.getTypeName()
					+ " cannot be read from a record of topic '" + record.topic() + "': " + ex.getMessage(), record, ex);
		}
		try {
			return reader.read(bytes);
		}
		catch (Exception ex) {
			throw new ConversionException("Value of record " + record.topic() + "-" + record.partition() + "@"
					+ record.offset() + " is not a valid " + reader.typeName() + " ("
					+ reader.contentType().mimeType() + "): " + ex.getMessage(), record, ex);
		}
	}

}
