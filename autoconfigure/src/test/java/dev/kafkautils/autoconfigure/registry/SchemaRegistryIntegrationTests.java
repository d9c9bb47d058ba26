package dev.kafkautils.autoconfigure.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Order;
import dev.kafkautils.autoconfigure.registry.FramingTestMessages.Shipment;
import dev.kafkautils.autoconfigure.registry.MoneyTestMessages.Money;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryMetrics.Operation;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryMetrics.Outcome;
import dev.kafkautils.autoconfigure.registry.SchemaTestMessages.Invoice;
import dev.kafkautils.autoconfigure.registry.SchemaTestMessages.InvoiceV2;
import dev.kafkautils.autoconfigure.support.ApicurioRegistry;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registry-aware payloads against a real registry (Apicurio's Confluent API) and the
 * embedded broker: registration on first send and reuse of the id, typed listeners
 * resolving records by id (an imported file as a reference, a well-known type inside),
 * records of another type and unframed bytes dead-lettered while the next record is
 * processed, the gate (BACKWARD set, a field-type change refused, an added field
 * accepted), no HTTP call per record after warm-up, and sending and receiving from the
 * caches once the registry is gone. The registry is this class's own, so the last test
 * can stop it.
 */
@SpringBootTest(classes = SchemaRegistryIntegrationTests.App.class,
		properties = { "spring.application.name=registry-it", "spring.kafka.consumer.group-id=registry-it",
				"spring.kafka.consumer.auto-offset-reset=earliest", "kafka.utils.provisioning.enabled=false",
				"kafka.utils.retry.max-attempts=2", "kafka.utils.retry.backoff.initial=10ms",
				"kafka.utils.topics.sr-orders.type=dev.kafkautils.autoconfigure.registry.FramingTestMessages$Order" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaRegistryIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final ApicurioRegistry REGISTRY = ApicurioRegistry.startPrivate();

	private static final AtomicInteger HTTP_REQUESTS = new AtomicInteger();

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(1, "sr-orders", "dlq.sr-orders", "sr-invoices");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
		registry.add("kafka.utils.schema-registry.url", REGISTRY::url);
	}

	@AfterAll
	static void stopRegistry() {
		if (REGISTRY.isRunning()) {
			REGISTRY.close();
		}
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Listeners listeners;

	@Autowired
	private SchemaRegistryClient client;

	@Test
	@org.junit.jupiter.api.Order(0)
	void theUrlPropertyAloneTurnsTheRegistryOn() {
		assertThat(this.client).isInstanceOf(CachingSchemaRegistryClient.class);
		assertThat(HTTP_REQUESTS.get()).as("the gate's requests at start-up").isPositive();
	}

	@Test
	@org.junit.jupiter.api.Order(1)
	void theFirstSendRegistersTheSchemaAndLaterSendsReuseItsId() throws Exception {
		Order first = Order.newBuilder().setId("reg-1").build();
		Order second = Order.newBuilder().setId("reg-2").build();
		this.template.sendAndWait("sr-orders", "reg-1", first);
		this.template.sendAndWait("sr-orders", "reg-2", second);
		SubjectVersion latest = http().version("sr-orders-value", -1).orElseThrow();
		assertThat(latest.version()).isEqualTo(1);
		assertThat(latest.schema().schema()).isEqualTo(ProtoFileRenderer.render(FramingTestMessages.getDescriptor()));
		List<ConsumerRecord<String, byte[]>> raw = TestKafka.readRaw("sr-orders", 1000, Duration.ofSeconds(2));
		for (String key : List.of("reg-1", "reg-2")) {
			ConsumerRecord<String, byte[]> record = raw.stream().filter((r) -> key.equals(r.key())).findFirst().orElseThrow();
			SchemaFrame frame = ConfluentWireFormat.readProtobuf(record.value());
			assertThat(frame.schemaId()).isEqualTo(latest.id());
			assertThat(frame.messageIndexes()).isEqualTo(MessageIndexes.FIRST);
		}
		await().atMost(WAIT).until(() -> this.listeners.orders.containsAll(List.of(first, second)));
	}

	@Test
	@org.junit.jupiter.api.Order(2)
	void theGateSetTheSubjectsLevelToBackward() {
		assertThat(http().compatibility("sr-orders-value")).contains("BACKWARD");
	}

	@Test
	@org.junit.jupiter.api.Order(3)
	void aRecordOfAnotherMessageTypeIsDeadLetteredAndTheNextOneIsProcessed() throws Exception {
		// Shipment is in Order's file: same schema id, path [1]
		this.template.sendAndWait("sr-orders", "warm", Order.newBuilder().setId("warm").build());
		int id = http().version("sr-orders-value", -1).orElseThrow().id();
		byte[] shipment = ConfluentWireFormat.frame(ConfluentWireFormat.protobufPrefix(id, MessageIndexes.of(1)),
				Shipment.newBuilder().setOrderId("x").build().toByteArray());
		TestKafka.sendRaw(new ProducerRecord<>("sr-orders", "shipment", shipment));
		Order next = Order.newBuilder().setId("after-shipment").build();
		this.template.sendAndWait("sr-orders", "after-shipment", next);
		await().atMost(WAIT).until(() -> this.listeners.orders.contains(next));
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter("dlq.sr-orders", "shipment");
		assertThat(dead.value()).isEqualTo(shipment);
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE).orElseThrow())
			.contains("kafkautils.test.registry.Shipment", "not kafkautils.test.registry.Order");
		assertThat(this.listeners.orders).noneMatch((order) -> order.getId().isEmpty());
	}

	@Test
	@org.junit.jupiter.api.Order(4)
	void unframedBytesOnARegistryTopicAreDeadLettered() throws Exception {
		byte[] plain = Order.newBuilder().setId("plain").build().toByteArray();
		TestKafka.sendRaw(new ProducerRecord<>("sr-orders", "unframed", plain));
		Order next = Order.newBuilder().setId("after-unframed").build();
		this.template.sendAndWait("sr-orders", "after-unframed", next);
		await().atMost(WAIT).until(() -> this.listeners.orders.contains(next));
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter("dlq.sr-orders", "unframed");
		assertThat(dead.value()).isEqualTo(plain);
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE).orElseThrow()).contains("Invalid schema frame");
	}

	@Test
	@org.junit.jupiter.api.Order(5)
	void anImportIsRegisteredAsAReferenceAndTheListenerReadsTheTypeByItsParameter() throws Exception {
		Invoice invoice = Invoice.newBuilder()
			.setId("inv-1")
			.setIssuedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
			.setTotal(Money.newBuilder().setCurrency("EUR").setUnits(42))
			.putItemsBySku("sku-1", Invoice.Item.newBuilder().setSku("sku-1").build())
			.build();
		this.template.sendAndWait("sr-invoices", "inv-1", invoice);
		await().atMost(WAIT).until(() -> this.listeners.invoices.contains(invoice));
		SubjectVersion registered = http().version("sr-invoices-value", -1).orElseThrow();
		assertThat(registered.schema().references()).singleElement()
			.satisfies((reference) -> assertThat(reference.subject()).isEqualTo("kafkautils/test/money.proto"));
		assertThat(http().version("kafkautils/test/money.proto", -1)).isPresent();
	}

	@Test
	@org.junit.jupiter.api.Order(6)
	void afterWarmUpSendingAndReceivingMakeNoHttpCalls() throws Exception {
		this.template.sendAndWait("sr-orders", "warm-up", Order.newBuilder().setId("warm-up").build());
		await().atMost(WAIT).until(() -> this.listeners.orders.stream().anyMatch((o) -> o.getId().equals("warm-up")));
		int before = HTTP_REQUESTS.get();
		for (int i = 0; i < 50; i++) {
			this.template.sendAndWait("sr-orders", "flat-" + i, Order.newBuilder().setId("flat-" + i).build());
		}
		await().atMost(WAIT)
			.until(() -> this.listeners.orders.stream().filter((o) -> o.getId().startsWith("flat-")).count() == 50);
		assertThat(HTTP_REQUESTS.get()).isEqualTo(before);
	}

	@Test
	@org.junit.jupiter.api.Order(7)
	void theGateRefusesAFieldTypeChangeAndAcceptsAnAddedField() {
		HttpSchemaRegistryClient http = http();
		// InvoiceV2 is {string id = 1; int64 amount = 2;}
		http.register("gate-changed-value", new RegistrySchema("PROTOBUF", """
				syntax = "proto3";
				package kafkautils.test.schemas;
				message InvoiceV2 {
				  string id = 1;
				  string amount = 2;
				}
				""", List.of()), false);
		http.register("gate-added-value", new RegistrySchema("PROTOBUF", """
				syntax = "proto3";
				package kafkautils.test.schemas;
				message InvoiceV2 {
				  string id = 1;
				}
				""", List.of()), false);
		var runner = KafkaUtilsContextRunner.create()
			.withConfiguration(AutoConfigurations.of(SchemaRegistryCodecAutoConfiguration.class))
			.withBean(SchemaRegistryClient.class, () -> new CachingSchemaRegistryClient(http(),
					new SchemaRegistryProperties.Cache(), SchemaRegistryMetrics.NONE))
			.withPropertyValues("kafka.utils.provisioning.enabled=false");
		runner.withPropertyValues("kafka.utils.topics.gate-changed.type=" + InvoiceV2.class.getName())
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new IncompatibleSchemaFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("topic 'gate-changed'", "subject 'gate-changed-value'");
			});
		runner.withPropertyValues("kafka.utils.topics.gate-added.type=" + InvoiceV2.class.getName())
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(http.compatibility("gate-added-value")).contains("BACKWARD");
	}

	@Test
	@org.junit.jupiter.api.Order(100)
	void withTheRegistryGoneKnownSchemasKeepSendingAndReceiving() throws Exception {
		Order warm = Order.newBuilder().setId("before-outage").build();
		this.template.sendAndWait("sr-orders", "before-outage", warm);
		await().atMost(WAIT).until(() -> this.listeners.orders.contains(warm));
		REGISTRY.close();
		Order during = Order.newBuilder().setId("during-outage").build();
		this.template.sendAndWait("sr-orders", "during-outage", during);
		await().atMost(WAIT).until(() -> this.listeners.orders.contains(during));
	}

	private static HttpSchemaRegistryClient http() {
		SchemaRegistryProperties properties = new SchemaRegistryProperties();
		properties.setUrl(List.of(URI.create(REGISTRY.url())));
		return new HttpSchemaRegistryClient(properties, null, SchemaRegistryMetrics.NONE);
	}

	private static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, String key) {
		return await().atMost(WAIT)
			.until(() -> TestKafka.readRaw(topic, 1000, Duration.ofMillis(500))
				.stream()
				.filter((r) -> key.equals(r.key()))
				.findFirst()
				.orElse(null), Objects::nonNull);
	}

	@Component
	static class Listeners {

		final Queue<Order> orders = new ConcurrentLinkedQueue<>();

		final Queue<Invoice> invoices = new ConcurrentLinkedQueue<>();

		@KafkaListener(topics = "sr-orders")
		void onOrder(Order order) {
			this.orders.add(order);
		}

		@KafkaListener(topics = "sr-invoices")
		void onInvoice(Invoice invoice) {
			this.invoices.add(invoice);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class App {

		/**
		 * Counts every HTTP request of the auto-configured client (the client records each
		 * request, retries and failover included, through this strategy).
		 */
		@Bean
		SchemaRegistryMetrics countingSchemaRegistryMetrics() {
			return new SchemaRegistryMetrics() {

				@Override
				public void request(Operation operation, Outcome outcome, long elapsedNanos) {
					HTTP_REQUESTS.incrementAndGet();
				}

				@Override
				public void cacheMiss(Operation operation) {
				}

			};
		}

	}

}
