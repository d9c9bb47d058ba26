package dev.kafkautils.autoconfigure.producer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.codec.PayloadTypeMismatchException;
import dev.kafkautils.autoconfigure.producer.SendFailureClusterTests.RecordingSendListener;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Values sent to a topic whose payload type is configured
 * ({@code kafka.utils.topics.<logical>.type}), against the real broker: another type is
 * refused before it is written, through the send's future or thrown by
 * {@code sendAndWait}; the type, a subtype, bytes and tombstones go out. A transactional
 * template throws instead.
 */
class PayloadTypeCheckTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void valuesOfAnotherTypeThanTheTopicsAreRefusedAtSendTime() {
		String topic = TestKafka.uniqueTopic("stamps");
		String events = TestKafka.uniqueTopic("events");
		TestKafka.createTopics(1, topic, events);
		RecordingSendListener listener = new RecordingSendListener();
		this.runner
			.withPropertyValues("kafka.utils.topics." + topic + ".type=" + Timestamp.class.getName(),
					"kafka.utils.topics." + events + ".type=" + Event.class.getName())
			.withBean(SendListener.class, () -> listener)
			.run((context) -> {
				KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
				assertThat(template.send(topic, "json", new Order("o-1", 1250))).failsWithin(Duration.ofSeconds(5))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(KafkaProducerException.class)
					.havingCause()
					.isInstanceOfSatisfying(PayloadTypeMismatchException.class, (ex) -> {
						assertThat(ex.getTopic()).isEqualTo(topic);
						assertThat(ex.getDeclaredType()).isEqualTo(Timestamp.class);
						assertThat(ex.getValueType()).isEqualTo(Order.class);
					})
					.withMessageContaining("'" + topic + "'")
					.withMessageContaining("kafka.utils.topics." + topic + ".type")
					.withMessageContaining(Timestamp.class.getName())
					.withMessageContaining(Order.class.getName());
				assertThatExceptionOfType(PayloadTypeMismatchException.class)
					.isThrownBy(() -> template.sendAndWait(topic, "text", "not a timestamp"))
					.withMessageContaining(String.class.getName());
				assertThat(listener.failures).hasSize(2).allMatch(PayloadTypeMismatchException.class::isInstance);

				Timestamp stamp = Timestamp.newBuilder().setSeconds(42).build();
				template.sendAndWait(topic, "stamp", stamp);
				template.sendAndWait(topic, "bytes", new byte[] { 1, 2, 3 });
				template.sendAndWait(topic, "tombstone", null);
				List<ConsumerRecord<String, byte[]>> records = TestKafka.readRaw(topic, 3, Duration.ofSeconds(10));
				assertThat(records).extracting(ConsumerRecord::key).containsExactly("stamp", "bytes", "tombstone");
				assertThat(Timestamp.parseFrom(records.get(0).value())).isEqualTo(stamp);
				assertThat(records.get(1).value()).containsExactly(1, 2, 3);
				assertThat(records.get(2).value()).isNull();

				template.sendAndWait(events, "refund", new Refund("r-1", 300));
				assertThat(TestKafka.readRaw(events, 1, Duration.ofSeconds(10))).singleElement()
					.satisfies((record) -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
						.contains("\"id\":\"r-1\"", "\"amountCents\":300"));
			});
	}

	@Test
	void aTransactionalTemplateThrowsSoThatTheTransactionRollsBack() {
		// a transactional template sending outside a transaction: the single broker has no transaction log,
		// and which path throws depends only on the template being transactional
		String topic = TestKafka.uniqueTopic("stamps-tx");
		TestKafka.createTopics(1, topic);
		this.runner
			.withPropertyValues("kafka.utils.topics." + topic + ".type=" + Timestamp.class.getName(),
					"spring.kafka.producer.transaction-id-prefix=send-failure-tx-",
					"spring.kafka.template.allow-non-transactional=true")
			.run((context) -> {
				KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
				assertThat(template.isTransactional()).isTrue();
				assertThatExceptionOfType(PayloadTypeMismatchException.class)
					.isThrownBy(() -> template.send(topic, "json", new Order("o-2", 5)));
			});
	}

	record Order(String id, long amountCents) {
	}

	static class Event {

		public String id;

		Event() {
		}

		Event(String id) {
			this.id = id;
		}

	}

	static class Refund extends Event {

		public long amountCents;

		Refund(String id, long amountCents) {
			super(id);
			this.amountCents = amountCents;
		}

	}

}
