package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import org.springframework.util.ClassUtils;

/**
 * Everything that touches protobuf-java, kept in one class that is loaded only when
 * protobuf-java is on the classpath.
 */
final class ProtobufSupport {

	static final boolean PRESENT = ClassUtils.isPresent("com.google.protobuf.Message",
			ProtobufSupport.class.getClassLoader());

	static boolean isMessageType(Class<?> type) {
		return Message.class.isAssignableFrom(type);
	}

	static boolean isMessage(Object value) {
		return value instanceof Message;
	}

	static byte[] toBytes(Object message) {
		return ((Message) message).toByteArray();
	}

	/**
	 * A reader for a generated message class, using the parser of its default instance.
	 * @param type a generated message class
	 * @return the reader
	 * @throws IllegalArgumentException when the class is not a generated message
	 */
	static PayloadReader reader(Class<?> type) {
		Parser<?> parser = parserOf(type);
		return new DecodingPayloadReader(parser::parseFrom, ContentType.PROTOBUF, type.getName());
	}

	private static Parser<?> parserOf(Class<?> type) {
		if (Modifier.isAbstract(type.getModifiers())) {
			throw new IllegalArgumentException("it is an abstract protobuf type, not a generated message class");
		}
		try {
			Method getDefaultInstance = type.getMethod("getDefaultInstance");
			return ((Message) getDefaultInstance.invoke(null)).getParserForType();
		}
		catch (ReflectiveOperationException | ClassCastException ex) {
			throw new IllegalArgumentException("it has no static getDefaultInstance() of a generated protobuf message",
					ex);
		}
	}

	private ProtobufSupport() {
	}

}
