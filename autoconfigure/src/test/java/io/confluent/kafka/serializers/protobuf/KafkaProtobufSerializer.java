package io.confluent.kafka.serializers.protobuf;

import com.google.protobuf.Message;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A stand-in named like Confluent's protobuf serializer (which is not on Maven Central),
 * for the tests that select a serializer of the application's own through
 * {@code spring.kafka.producer.value-serializer}: it writes a marker byte, then the
 * message.
 */
public class KafkaProtobufSerializer implements Serializer<Message> {

	/** The byte this stand-in writes first. */
	public static final byte MARKER = 0x7e;

	@Override
	public byte[] serialize(String topic, Message data) {
		byte[] message = data.toByteArray();
		byte[] value = new byte[message.length + 1];
		value[0] = MARKER;
		System.arraycopy(message, 0, value, 1, message.length);
		return value;
	}

}
