package dev.kafkautils.autoconfigure.producer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Sends to topics the broker does not have, against a real broker that, like most
 * production clusters, does not create topics on request
 * ({@code auto.create.topics.enable=false}; the shared test broker creates them, and the
 * producer has no setting to stop it), and records the broker no longer acknowledges: a
 * blocking send bounded as a whole by the send timeout that tells a record never sent
 * from one not acknowledged, and an asynchronous send that reports a record never sent
 * through its future.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendFailureClusterTests {

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder().nodes(1));

	private ApplicationContextRunner runner() {
		return KafkaUtilsContextRunner.create()
			.withPropertyValues("spring.kafka.bootstrap-servers=" + brokers.cluster().bootstrapServers());
	}

	@Test
	void sendAndWaitToAMissingTopicSaysTheRecordWasNotSent() {
		String missing = TestKafka.uniqueTopic("missing");
		runner()
			.withPropertyValues("spring.kafka.producer.properties[max.block.ms]=1000",
					"kafka.utils.producer.send-timeout=5s")
			.run((context) -> {
				KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
				long start = System.nanoTime();
				assertThatExceptionOfType(KafkaSendTimeoutException.class)
					.isThrownBy(() -> template.sendAndWait(missing, "k", "v"))
					.satisfies((ex) -> {
						assertThat(ex.wasSent()).isFalse();
						assertThat(ex.getTopic()).isEqualTo(missing);
						assertThat(ex).hasCauseInstanceOf(TimeoutException.class);
					})
					.withMessageContaining("'" + missing + "' was not sent")
					.withMessageContaining("cannot duplicate it")
					.withMessageNotContaining("may still be delivered");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			});
	}

	@Test
	void sendReportsARecordThatNeverGetsMetadataThroughItsFuture() {
		String missing = TestKafka.uniqueTopic("missing");
		RecordingSendListener listener = new RecordingSendListener();
		runner().withPropertyValues("spring.kafka.producer.properties[max.block.ms]=500")
			.withBean(SendListener.class, () -> listener)
			.run((context) -> {
				KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
				AtomicReference<Throwable> seen = new AtomicReference<>();
				CompletableFuture<SendResult<String, Object>> future = template.send(missing, "k", "v");
				future.whenComplete((result, failure) -> seen.set(failure));
				assertThat(future).failsWithin(Duration.ofSeconds(5))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(KafkaProducerException.class)
					.havingCause()
					.isInstanceOf(TimeoutException.class)
					.withMessageContaining(missing);
				assertThat(seen.get()).isInstanceOf(KafkaProducerException.class);
				assertThat(((KafkaProducerException) seen.get()).getFailedProducerRecord().topic()).isEqualTo(missing);
				assertThat(listener.failures).singleElement().isInstanceOf(TimeoutException.class);
				assertThat(listener.acknowledged).isEmpty();
			});
	}

	@Test
	@Order(Integer.MAX_VALUE) // stops the broker
	void sendAndWaitEndsAtTheSendTimeoutWhenTheRecordIsTakenAfterAWaitAndNeverAcknowledged() {
		// once the broker is gone, records stay in the producer's buffer until their delivery timeout (6 s): the
		// record sent with sendAndWait waits about 6 s for buffer space, is taken, and is never acknowledged; the
		// call still ends at the send timeout (9 s), not after the wait plus the time to its own expiry (12 s)
		String topic = TestKafka.uniqueTopic("unacknowledged");
		createTopic(topic);
		runner()
			.withPropertyValues("kafka.utils.producer.send-timeout=9s",
					"spring.kafka.producer.properties[max.block.ms]=9000",
					"spring.kafka.producer.properties[request.timeout.ms]=2000",
					"spring.kafka.producer.properties[delivery.timeout.ms]=6000",
					"spring.kafka.producer.properties[buffer.memory]=65536",
					"spring.kafka.producer.properties[batch.size]=16384",
					// keep the topic's metadata once the only broker is gone (Kafka 4 would rebootstrap)
					"spring.kafka.producer.properties[metadata.recovery.strategy]=none")
			.run((context) -> {
				KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
				template.sendAndWait(topic, "first", "acknowledged");
				brokers.cluster().stop(1);
				byte[] value = new byte[20_000];
				for (int i = 0; i < 3; i++) {
					template.send(topic, "buffered-" + i, value);
				}
				long start = System.nanoTime();
				assertThatExceptionOfType(KafkaSendTimeoutException.class)
					.isThrownBy(() -> template.sendAndWait(topic, "last", value))
					.satisfies((ex) -> assertThat(ex.wasSent()).isTrue())
					.withMessageContaining("'" + topic + "' was not acknowledged by the broker within PT9S")
					.withMessageContaining("may still be delivered later");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(9))
					.isLessThan(Duration.ofMillis(10_500));
			});
	}

	/** Create a topic and wait until its partition answers an offset lookup (KAFKA-15591). */
	private static void createTopic(String topic) {
		try (Admin admin = brokers.cluster().admin()) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
					.all()
					.get(5, TimeUnit.SECONDS) != null);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create " + topic, ex);
		}
	}

	static final class RecordingSendListener implements SendListener {

		final List<ProducerRecord<?, ?>> acknowledged = new CopyOnWriteArrayList<>();

		final List<Exception> failures = new CopyOnWriteArrayList<>();

		@Override
		public void acknowledged(ProducerRecord<?, ?> record, RecordMetadata metadata, long elapsedNanos) {
			this.acknowledged.add(record);
		}

		@Override
		public void failed(ProducerRecord<?, ?> record, Exception exception, long elapsedNanos) {
			this.failures.add(exception);
		}

	}

}
