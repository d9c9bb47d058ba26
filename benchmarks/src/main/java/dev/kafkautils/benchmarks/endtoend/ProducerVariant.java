package dev.kafkautils.benchmarks.endtoend;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.benchmarks.proto.BenchEvent;
import dev.kafkautils.benchmarks.support.Payloads;
import dev.kafkautils.benchmarks.support.Payloads.BenchJson;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * One way of sending: each sends {@code records} payloads from the pool with their keys
 * without waiting per record, then flushes, so a round ends when the broker has
 * acknowledged every record.
 */
abstract class ProducerVariant implements AutoCloseable {

	private final String id;

	private final String label;

	private final double share;

	/**
	 * @param id a short name for topics and logs
	 * @param label the row label
	 * @param share the fraction of the round's records this variant sends (the slow
	 * observed variants send fewer, their rate per second is still comparable)
	 */
	ProducerVariant(String id, String label, double share) {
		this.id = id;
		this.label = label;
		this.share = share;
	}

	String id() {
		return this.id;
	}

	String label() {
		return this.label;
	}

	int records(int roundRecords) {
		return (int) Math.max(1, Math.round(roundRecords * this.share));
	}

	/** Fetch the topic's metadata, so the first send of the round does not block on it. */
	abstract void prepare(String topic);

	abstract void send(String topic, Payloads payloads, int records);

	@Override
	public void close() {
	}

	/** (a) and (a'): a plain {@link KafkaProducer} of byte arrays. */
	static final class Raw extends ProducerVariant {

		private final KafkaProducer<String, byte[]> producer;

		private final Encoding encoding;

		private final LongAdder errors = new LongAdder();

		/** One instance for every record: a callback as cheap as the client allows. */
		private final Callback callback = (metadata, exception) -> {
			if (exception != null) {
				this.errors.increment();
			}
		};

		/** What the raw producer does per record to get its value bytes. */
		enum Encoding {

			/** Nothing: the pool's encoded protobuf bytes are sent. */
			BYTES,
			/** {@code toByteArray()} of the protobuf message. */
			PROTOBUF,
			/** Jackson's {@code writeValueAsBytes} of the JSON record. */
			JSON

		}

		Raw(String id, String label, String bootstrapServers, Encoding encoding) {
			super(id, label, 1.0);
			Map<String, Object> config = new HashMap<>(ClientSettings.PRODUCER);
			config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
			config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-" + id);
			this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
			this.encoding = encoding;
		}

		@Override
		void prepare(String topic) {
			this.producer.partitionsFor(topic);
		}

		@Override
		void send(String topic, Payloads payloads, int records) {
			String[] keys = payloads.keys();
			if (this.encoding == Encoding.JSON) {
				BenchJson[] json = payloads.json();
				JsonMapper mapper = JsonMapper.shared();
				for (int i = 0; i < records; i++) {
					int slot = i & Payloads.MASK;
					this.producer.send(new ProducerRecord<>(topic, keys[slot], mapper.writeValueAsBytes(json[slot])),
							this.callback);
				}
			}
			else if (this.encoding == Encoding.PROTOBUF) {
				BenchEvent[] messages = payloads.messages();
				for (int i = 0; i < records; i++) {
					int slot = i & Payloads.MASK;
					this.producer.send(new ProducerRecord<>(topic, keys[slot], messages[slot].toByteArray()),
							this.callback);
				}
			}
			else {
				byte[][] bytes = payloads.bytes();
				for (int i = 0; i < records; i++) {
					int slot = i & Payloads.MASK;
					this.producer.send(new ProducerRecord<>(topic, keys[slot], bytes[slot]), this.callback);
				}
			}
			this.producer.flush();
			if (this.errors.sumThenReset() > 0) {
				throw new IllegalStateException(id() + ": records failed");
			}
		}

		@Override
		public void close() {
			this.producer.close();
		}

	}

	/**
	 * (b) and (b'): Spring Boot's {@link KafkaTemplate} with a byte-array value serializer,
	 * sending the pool's bytes or calling {@code toByteArray()} per record.
	 */
	static final class TemplateBytes extends ProducerVariant {

		private final KafkaTemplate<String, byte[]> template;

		private final boolean encode;

		TemplateBytes(String id, String label, double share, KafkaTemplate<String, byte[]> template, boolean encode) {
			super(id, label, share);
			this.template = template;
			this.encode = encode;
		}

		@Override
		void prepare(String topic) {
			this.template.partitionsFor(topic);
		}

		@Override
		void send(String topic, Payloads payloads, int records) {
			String[] keys = payloads.keys();
			if (this.encode) {
				BenchEvent[] messages = payloads.messages();
				for (int i = 0; i < records; i++) {
					int slot = i & Payloads.MASK;
					this.template.send(topic, keys[slot], messages[slot].toByteArray());
				}
			}
			else {
				byte[][] bytes = payloads.bytes();
				for (int i = 0; i < records; i++) {
					int slot = i & Payloads.MASK;
					this.template.send(topic, keys[slot], bytes[slot]);
				}
			}
			this.template.flush();
		}

	}

	/** (c) and (d): the starter's template with protobuf messages or JSON records. */
	static final class Starter extends ProducerVariant {

		private final KafkaUtilsTemplate template;

		private final boolean json;

		private final @Nullable Tracer tracer;

		Starter(String id, String label, double share, KafkaUtilsTemplate template, boolean json) {
			this(id, label, share, template, json, null);
		}

		/**
		 * @param tracer when not {@code null}, every record is sent inside one span of this
		 * tracer, as from a traced request
		 */
		Starter(String id, String label, double share, KafkaUtilsTemplate template, boolean json,
				@Nullable Tracer tracer) {
			super(id, label, share);
			this.template = template;
			this.json = json;
			this.tracer = tracer;
		}

		@Override
		void prepare(String topic) {
			this.template.partitionsFor(topic);
		}

		@Override
		void send(String topic, Payloads payloads, int records) {
			if (this.tracer == null) {
				sendAll(topic, payloads, records);
				return;
			}
			Span span = this.tracer.nextSpan().name("bench-send").start();
			try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
				sendAll(topic, payloads, records);
			}
			finally {
				span.end();
			}
		}

		private void sendAll(String topic, Payloads payloads, int records) {
			String[] keys = payloads.keys();
			Object[] values = this.json ? payloads.json() : payloads.messages();
			for (int i = 0; i < records; i++) {
				int slot = i & Payloads.MASK;
				this.template.send(topic, keys[slot], values[slot]);
			}
			this.template.flush();
		}

	}

}
