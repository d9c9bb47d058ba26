package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Readers are built once per payload type, and so is the verdict on a type that cannot
 * be read: the records after the first cost a map lookup, not another attempt to build
 * a reader (for JSON, Jackson's introspection of the type).
 */
class DefaultPayloadReadersTests {

	private final CountingJsonCodec json = new CountingJsonCodec();

	private final DefaultPayloadReaders readers = new DefaultPayloadReaders(this.json);

	@Test
	void aTypeThatCannotBeReadIsTriedOnceAndFailsTheSameWayAfterwards() {
		for (int i = 0; i < 3; i++) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.readers.forType(Unreadable.class))
				.withMessage("no JSON reader for " + Unreadable.class.getTypeName());
		}
		PayloadReader readable = this.readers.forType(String[].class);
		assertThat(this.readers.forType(String[].class)).isSameAs(readable);
		assertThat(this.json.builds).hasValue(2);
	}

	@Test
	void everyRecordForAnUnreadableListenerParameterFailsWithoutBuildingItsReaderAgain() {
		PayloadMessageConverter converter = new PayloadMessageConverter(this.readers,
				PayloadTypes.of(Map.of(), TopicNames.of("", Map.of()), this.readers, getClass().getClassLoader()),
				"content-type");
		for (int offset = 0; offset < 3; offset++) {
			ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 0, offset, "k", "{}".getBytes());
			assertThatExceptionOfType(DeserializationException.class)
				.isThrownBy(() -> converter.toMessage(record, null, null, Unreadable.class))
				.withMessageContaining("orders-0@" + offset)
				.withMessageContaining("no JSON reader for " + Unreadable.class.getTypeName());
		}
		assertThat(this.json.builds).hasValue(1);
	}

	/** Counts reader builds; reads only arrays, refuses everything else as Jackson would a type it cannot create. */
	private static final class CountingJsonCodec implements JsonCodec {

		final AtomicInteger builds = new AtomicInteger();

		@Override
		public byte[] write(Object value) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PayloadReader reader(Type type) {
			this.builds.incrementAndGet();
			if (type instanceof Class<?> clazz && clazz.isArray()) {
				return new DecodingPayloadReader((data) -> new String[0], ContentType.JSON, type.getTypeName());
			}
			throw new IllegalArgumentException("no JSON reader for " + type.getTypeName());
		}

	}

	interface Unreadable {

	}

}
