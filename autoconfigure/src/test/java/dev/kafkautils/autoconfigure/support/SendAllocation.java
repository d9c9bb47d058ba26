package dev.kafkautils.autoconfigure.support;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.mock.MockProducerFactory;

/**
 * Bytes allocated per call or per record, by the JVM's per-thread allocation counter.
 * Whole sends go to a template whose producer acknowledges every record on the spot, so
 * the send callback runs on the sending thread and is counted too. Whole-send figures
 * move by a couple of hundred bytes with what the JIT's escape analysis manages in a
 * run; figures for one callback are exact.
 */
public final class SendAllocation {

	private static final int WARM_UP = 50_000;

	private static final int MEASURED = 50_000;

	private static final byte[] VALUE = new byte[100];

	private SendAllocation() {
	}

	/** A template on a producer that acknowledges at once and is never really closed. */
	public static KafkaUtilsTemplate template() {
		return template((topic, data) -> VALUE);
	}

	/**
	 * Like {@link #template()}, with the producer writing values with the given
	 * serializer.
	 */
	public static KafkaUtilsTemplate template(Serializer<Object> valueSerializer) {
		MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(),
				valueSerializer) {

			@Override
			public void close(Duration timeout) {
				// the template closes its producer after each send; this one stays open
			}

		};
		KafkaUtilsTemplate template = new KafkaUtilsTemplate(new MockProducerFactory<>(() -> producer),
				TopicNames.of("", Map.of()), Duration.ofSeconds(10));
		template.setMicrometerEnabled(false);
		return template;
	}

	/** Bytes allocated per send of a 100-byte array, after a warm-up. */
	public static long bytesPerRecord(KafkaUtilsTemplate template) {
		return bytesPerRecord(template, "allocation", VALUE);
	}

	/** Bytes allocated per send of one value to one topic, after a warm-up. */
	public static long bytesPerRecord(KafkaUtilsTemplate template, String topic, Object value) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		send(template, topic, value, WARM_UP);
		long before = threads.getCurrentThreadAllocatedBytes();
		send(template, topic, value, MEASURED);
		return (threads.getCurrentThreadAllocatedBytes() - before) / MEASURED;
	}

	/** Bytes one call allocates, after a warm-up. */
	public static double bytesPerCall(Runnable call) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		for (int i = 0; i < WARM_UP; i++) {
			call.run();
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < MEASURED; i++) {
			call.run();
		}
		return (threads.getCurrentThreadAllocatedBytes() - before) / (double) MEASURED;
	}

	/** How many records {@link #bytesPerRecord} sends. */
	public static int recordsSent() {
		return WARM_UP + MEASURED;
	}

	@SuppressWarnings("unchecked")
	private static void send(KafkaUtilsTemplate template, String topic, Object value, int records) {
		MockProducer<String, Object> producer = (MockProducer<String, Object>) template.getProducerFactory()
			.createProducer();
		for (int i = 0; i < records; i++) {
			template.send(topic, "key", value);
			if (i % 1000 == 0) {
				producer.clear();
			}
		}
	}

}
