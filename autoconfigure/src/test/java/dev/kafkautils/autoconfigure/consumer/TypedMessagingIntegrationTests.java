package dev.kafkautils.autoconfigure.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed sending and receiving through a real broker: protobuf and JSON payloads, typed
 * by configuration or by the listener's parameter, logical names with a topic prefix on
 * both sides, standard headers, refused type headers and undeserialisable records.
 */
@SpringBootTest(classes = TypedMessagingIntegrationTests.App.class,
		properties = { "spring.application.name=typed-it", "kafka.utils.topic-prefix=it.",
				"kafka.utils.topics.stamps.type=com.google.protobuf.Timestamp",
				"kafka.utils.topics.orders.name=orders-v1",
				"kafka.utils.topics.orders.type=dev.kafkautils.autoconfigure.consumer.TypedMessagingIntegrationTests$Order",
				"spring.kafka.consumer.group-id=typed-it",
				// the test creates its single-partition topics itself
				"kafka.utils.provisioning.enabled=false" })
class TypedMessagingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(1, "it.stamps", "it.orders-v1", "it.values", "it.audits");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Listeners listeners;

	@Test
	void protobufPayloadTypedByConfigurationArrivesAsGeneratedClass() throws Exception {
		Timestamp sent = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(42).build();
		this.template.send("stamps", "k1", sent).get(10, TimeUnit.SECONDS);
		assertThat(this.listeners.stamps.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(sent);
	}

	@Test
	void protobufPayloadTypedByListenerParameterArrivesAsGeneratedClass() throws Exception {
		this.template.send("values", "k2", StringValue.of("hello")).get(10, TimeUnit.SECONDS);
		Object received = this.listeners.values.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(received).isInstanceOf(StringValue.class).isEqualTo(StringValue.of("hello"));
	}

	@Test
	void jsonPayloadTypedByConfigurationArrivesWithRecordMetadata() throws Exception {
		Order order = new Order("o-1", 1250, "EUR");
		SendResult<String, Object> result = this.template.sendAndWait("orders", "o-1", order);
		assertThat(result.getRecordMetadata().topic()).isEqualTo("it.orders-v1");
		ReceivedOrder received = this.listeners.orders.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(received).isNotNull();
		assertThat(received.order()).isEqualTo(order);
		assertThat(received.key()).isEqualTo("o-1");
		assertThat(received.topic()).isEqualTo("it.orders-v1");
		assertThat(received.offset()).isEqualTo(result.getRecordMetadata().offset());
	}

	@Test
	void jsonPayloadTypedByListenerParameter() throws Exception {
		this.template.send("audits", new Audit("created", List.of("a", "b"))).get(10, TimeUnit.SECONDS);
		assertThat(this.listeners.audits.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(new Audit("created", List.of("a", "b")));
	}

	@Test
	void prefixIsAppliedOnTheWireAndStandardHeadersAreWritten() throws Exception {
		long before = System.currentTimeMillis();
		Order order = new Order("o-headers", 1, "USD");
		this.template.sendAndWait("orders", "o-headers", order);
		ConsumerRecord<String, byte[]> raw = TestKafka.readRaw("it.orders-v1", 100, Duration.ofSeconds(3))
			.stream()
			.filter((record) -> "o-headers".equals(record.key()))
			.findFirst()
			.orElseThrow();
		assertThat(new String(raw.value(), StandardCharsets.UTF_8)).contains("\"id\":\"o-headers\"");
		assertThat(TestKafka.header(raw, "source")).contains("typed-it");
		assertThat(TestKafka.header(raw, "content-type")).contains("application/json");
		// the send time is the record's own create time; the timestamp header is opt-in
		assertThat(TestKafka.header(raw, "timestamp")).isEmpty();
		assertThat(raw.timestamp()).isBetween(before, System.currentTimeMillis());
		this.listeners.orders.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	@Test
	void typeHeaderChosenBySenderIsNeverInstantiated() throws Exception {
		byte[] json = "{\"id\":\"o-evil\",\"amountCents\":5,\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);
		for (String topic : List.of("it.orders-v1", "it.audits")) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "o-evil",
					topic.endsWith("audits") ? "{\"action\":\"evil\",\"tags\":[]}".getBytes(StandardCharsets.UTF_8)
							: json);
			record.headers().add("__TypeId__", Gadget.class.getName().getBytes(StandardCharsets.UTF_8));
			record.headers().add("__ContentTypeId__", Gadget.class.getName().getBytes(StandardCharsets.UTF_8));
			TestKafka.sendRaw(record);
		}
		ReceivedOrder received = this.listeners.orders.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(received).isNotNull();
		assertThat(received.order()).isEqualTo(new Order("o-evil", 5, "EUR"));
		assertThat(this.listeners.audits.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(new Audit("evil", List.of()));
		assertThat(Gadget.INSTANCES).hasValue(0);
	}

	@Test
	void undeserialisableRecordDoesNotStopTheContainer() throws Exception {
		TestKafka.sendRaw(new ProducerRecord<>("it.stamps", "bad", new byte[] { (byte) 0xff, 0x01, 0x02, 0x03 }));
		Timestamp next = Timestamp.newBuilder().setSeconds(7).build();
		this.template.send("stamps", "good", next).get(10, TimeUnit.SECONDS);
		assertThat(this.listeners.stamps.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(next);
	}

	/** A JSON payload typed by configuration. */
	public record Order(String id, long amountCents, String currency) {
	}

	/** A JSON payload typed by the listener's parameter. */
	public record Audit(String action, List<String> tags) {
	}

	/** What a sender might ask Jackson to build through a type header. */
	public static class Gadget {

		static final AtomicInteger INSTANCES = new AtomicInteger();

		public Gadget() {
			INSTANCES.incrementAndGet();
		}

	}

	record ReceivedOrder(Order order, String key, String topic, long offset) {
	}

	@Component
	static class Listeners {

		final BlockingQueue<Timestamp> stamps = new LinkedBlockingQueue<>();

		final BlockingQueue<Object> values = new LinkedBlockingQueue<>();

		final BlockingQueue<ReceivedOrder> orders = new LinkedBlockingQueue<>();

		final BlockingQueue<Audit> audits = new LinkedBlockingQueue<>();

		@KafkaListener(topics = "stamps")
		void onStamp(Timestamp stamp) {
			this.stamps.add(stamp);
		}

		@KafkaListener(topics = "values")
		void onValue(StringValue value) {
			this.values.add(value);
		}

		@KafkaListener(topics = "orders")
		void onOrder(Order order, @Header(KafkaHeaders.RECEIVED_KEY) String key,
				@Header(KafkaHeaders.RECEIVED_TOPIC) String topic, @Header(KafkaHeaders.OFFSET) long offset) {
			this.orders.add(new ReceivedOrder(order, key, topic, offset));
		}

		@KafkaListener(topics = "${test.audits-topic:audits}")
		void onAudit(Audit audit) {
			this.audits.add(audit);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class App {

	}

}
