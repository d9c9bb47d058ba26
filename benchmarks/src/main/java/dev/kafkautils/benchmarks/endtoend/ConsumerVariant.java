package dev.kafkautils.benchmarks.endtoend;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.kafkautils.benchmarks.proto.BenchEvent;
import dev.kafkautils.benchmarks.support.Meter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One way of consuming: each reads {@code records} records of a filled topic with a
 * consumer group of its own, from the first record to the last. The meter is read at the
 * first record received, so joining the group stays outside the measurement.
 */
abstract class ConsumerVariant {

	private final String id;

	private final String label;

	ConsumerVariant(String id, String label) {
		this.id = id;
		this.label = label;
	}

	String id() {
		return this.id;
	}

	String label() {
		return this.label;
	}

	abstract Meter.Sample consume(String topic, String group, long records, Meter meter) throws Exception;

	/**
	 * (e) and (e'): a {@link KafkaConsumer} poll loop that commits synchronously after
	 * each poll, as a listener container does by default (ack mode BATCH, sync commits).
	 */
	static final class RawPoll extends ConsumerVariant {

		private final String bootstrapServers;

		private final boolean parse;

		private long sink;

		RawPoll(String id, String label, String bootstrapServers, boolean parse) {
			super(id, label);
			this.bootstrapServers = bootstrapServers;
			this.parse = parse;
		}

		@Override
		Meter.Sample consume(String topic, String group, long records, Meter meter)
				throws InvalidProtocolBufferException {
			Map<String, Object> config = new HashMap<>(ClientSettings.CONSUMER);
			config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
			config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
			try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
					new ByteArrayDeserializer())) {
				consumer.subscribe(List.of(topic));
				Meter.Reading first = null;
				long count = 0;
				long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
				while (count < records) {
					ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofSeconds(1));
					if (polled.isEmpty()) {
						if (System.nanoTime() > deadline) {
							throw new IllegalStateException(id() + " read " + count + " of " + records + " records");
						}
						continue;
					}
					if (first == null) {
						first = meter.read();
					}
					for (ConsumerRecord<String, byte[]> record : polled) {
						this.sink += this.parse ? BenchEvent.parseFrom(record.value()).getQuantity()
								: record.value().length;
					}
					count += polled.count();
					consumer.commitSync();
				}
				return first.until(meter.read(), records);
			}
		}

	}

	/** (f) and (g): a {@code @KafkaListener} in a Spring context of its own. */
	static final class Listener extends ConsumerVariant {

		private final boolean starter;

		private final String bootstrapServers;

		private final Map<String, String> properties;

		/**
		 * @param starter whether kafka-utils is on
		 * @param properties the listener's properties ({@code bench.listener} and more)
		 */
		Listener(String id, String label, boolean starter, String bootstrapServers, Map<String, String> properties) {
			super(id, label);
			this.starter = starter;
			this.bootstrapServers = bootstrapServers;
			this.properties = properties;
		}

		@Override
		Meter.Sample consume(String topic, String group, long records, Meter meter) throws Exception {
			ConsumeProbe probe = ConsumeProbe.arm(meter, records);
			Map<String, String> properties = new HashMap<>(this.properties);
			properties.put("bench.topic", topic);
			properties.put("bench.group", group);
			try (ConfigurableApplicationContext context = BenchApplication.start(this.starter, this.bootstrapServers,
					properties)) {
				return probe.await(300);
			}
		}

	}

}
