package dev.kafkautils.autoconfigure.share;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.health.KafkaHealthIndicator;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.ShareAcknowledgment;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Share listeners against the real broker: queue semantics on one partition, every record
 * of a bulk run processed or dead-lettered, a poison pill dead-lettered byte for byte,
 * typed JSON and protobuf payloads, manual acknowledgement, the group settings, health and
 * the meters.
 */
@SpringBootTest(classes = ShareListenerIntegrationTests.App.class,
		properties = { "spring.application.name=share-it", "kafka.utils.provisioning.max-replication=1",
				"kafka.utils.retry.max-attempts=3" })
class ShareListenerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int BULK = 1_000;

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(1, "share-queue", "share-orders", "dlq.share-queue", "dlq.share-orders", "dlq.share-bulk",
				"share-manual", "dlq.share-manual", "share-stamps", "dlq.share-stamps");
		TestKafka.createTopics(2, "share-bulk");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Listeners listeners;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private KafkaListenerEndpointRegistry registry;

	@Autowired
	private KafkaHealthIndicator health;

	@Test
	void twoShareConsumersOfOneGroupBothReceiveRecordsOfOnePartition() throws Exception {
		this.template.sendAndWait("share-queue", "q-0", "first");
		// the consumer that got the first record holds it until the other consumer has had one
		await().atMost(WAIT).until(() -> this.listeners.queueThreads.size() == 1);
		for (int i = 1; i <= 10; i++) {
			this.template.sendAndWait("share-queue", "q-" + i, "next");
		}
		await().atMost(WAIT).until(() -> this.listeners.queueProcessed.size() == 11);
		assertThat(this.listeners.queueThreads).hasSize(2);
		assertThat(this.listeners.queueWaitedForTheOther).isTrue();
	}

	@Test
	void everyRecordOfABulkRunIsProcessedOrDeadLetteredAndTransientFailuresSucceedOnRedelivery() throws Exception {
		for (int i = 0; i < BULK; i++) {
			this.template.send("share-bulk", "b-" + i, "payload-" + i);
		}
		this.template.flush();
		int failing = BULK / 20;
		List<ConsumerRecord<String, byte[]>> dead = TestKafka.readRaw("dlq.share-bulk", failing, WAIT);
		await().atMost(WAIT).until(() -> this.listeners.bulkProcessed.size() == BULK - failing);

		Set<String> deadIds = new HashSet<>();
		dead.forEach((record) -> deadIds.add(record.key()));
		Set<String> expectedDead = new HashSet<>();
		for (int i = 0; i < BULK; i += 20) {
			expectedDead.add("b-" + i);
		}
		assertThat(dead).hasSize(failing);
		assertThat(deadIds).isEqualTo(expectedDead);
		assertThat(this.listeners.bulkProcessed.keySet()).doesNotContainAnyElementsOf(deadIds);
		Set<String> all = new HashSet<>(deadIds);
		all.addAll(this.listeners.bulkProcessed.keySet());
		assertThat(all).hasSize(BULK);
		// processed once each, transient failures on their second delivery
		assertThat(this.listeners.bulkProcessed.values()).allMatch((count) -> count.get() == 1);
		for (int i = 1; i < BULK; i += 20) {
			assertThat(this.listeners.bulkDeliveries.get("b-" + i)).as("deliveries of b-" + i).hasValue(2);
		}
		for (ConsumerRecord<String, byte[]> record : dead) {
			int id = Integer.parseInt(record.key().substring(2));
			assertThat(record.value()).isEqualTo(("payload-" + id).getBytes(StandardCharsets.UTF_8));
			assertThat(TestKafka.header(record, "kafka_dlt-reason")).contains("retries-exhausted");
			assertThat(TestKafka.header(record, "kafka_dlt-delivery-attempts")).contains("3");
			assertThat(TestKafka.header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).contains("share-bulk");
			assertThat(TestKafka.header(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).contains("share-it-bulk");
			assertThat(TestKafka.header(record, KafkaHeaders.DLT_EXCEPTION_FQCN))
				.contains(IllegalStateException.class.getName());
			assertThat(this.listeners.bulkDeliveries.get(record.key())).hasValue(3);
		}

		// meters, tagged like every kafka_utils meter
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(counter("kafka.utils.share.dead.lettered")).isEqualTo(failing));
		assertThat(counter("kafka.utils.share.records")).isEqualTo(BULK - failing);
		// two releases per permanent failure, one per transient one
		assertThat(counter("kafka.utils.share.released")).isEqualTo(failing * 2 + failing);
		assertThat(this.meters.get("kafka.utils.share.processing")
			.tags("topic", "share-bulk", "group", "share-it-bulk", "outcome", "failure")
			.timer()
			.count()).isEqualTo(failing * 3 + failing);
		assertThat(this.meters.find("kafka.utils.share.rejected").counters()).isEmpty();
	}

	@Test
	void poisonPillIsDeadLetteredWithItsExactBytesAndTheNextRecordIsTyped() {
		byte[] poison = { '{', 'n', 'o', 't', ' ', 0, (byte) 0xff, 'j', 's', 'o', 'n' };
		TestKafka.sendRaw(new ProducerRecord<>("share-orders", "poison-1", poison));
		TestKafka.sendRaw(new ProducerRecord<>("share-orders", "order-1",
				"{\"id\":\"order-1\",\"amountCents\":1250}".getBytes(StandardCharsets.UTF_8)));

		ConsumerRecord<String, byte[]> dead = TestKafka.readRaw("dlq.share-orders", 1, WAIT).get(0);
		assertThat(dead.key()).isEqualTo("poison-1");
		assertThat(dead.value()).isEqualTo(poison);
		assertThat(TestKafka.header(dead, "kafka_dlt-reason")).contains("undeserialisable");
		assertThat(TestKafka.header(dead, "kafka_dlt-delivery-attempts")).contains("1");
		assertThat(TestKafka.header(dead, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).contains("share-it-typed");
		await().atMost(WAIT).until(() -> this.listeners.orders.containsKey("order-1"));
		assertThat(this.listeners.orders.get("order-1")).isEqualTo(new Order("order-1", 1250));
	}

	@Test
	void protobufPayloadsArriveAsTheGeneratedClass() {
		this.template.sendAndWait("share-stamps", "s-1", Timestamp.newBuilder().setSeconds(42).setNanos(7).build());
		await().atMost(WAIT).until(() -> this.listeners.stamps.containsKey("s-1"));
		assertThat(this.listeners.stamps.get("s-1")).isEqualTo(Timestamp.newBuilder().setSeconds(42).setNanos(7).build());
	}

	@Test
	void manualModeListenerReleasesAndAcceptsThroughItsShareAcknowledgment() throws Exception {
		this.template.sendAndWait("share-manual", "m-1", "released once");
		await().atMost(WAIT).until(() -> this.listeners.manualAccepted.contains("m-1"));
		assertThat(this.listeners.manualDeliveries.get("m-1")).hasValue(2);
		// accepted: the next record is delivered and the first is not delivered again
		this.template.sendAndWait("share-manual", "m-2", "released once");
		await().atMost(WAIT).until(() -> this.listeners.manualAccepted.contains("m-2"));
		assertThat(this.listeners.manualDeliveries.get("m-1")).hasValue(2);
	}

	@Test
	void newShareGroupsStartAtTheEarliestRecord() throws Exception {
		try (Admin admin = TestKafka.admin()) {
			for (String group : List.of("share-it-queue", "share-it-bulk", "share-it-typed", "share-it-manual")) {
				ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
				Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
				ConfigEntry reset = config.get("share.auto.offset.reset");
				assertThat(reset.value()).as(group).isEqualTo("earliest");
				assertThat(reset.source()).as(group).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG);
			}
		}
	}

	@Test
	void shareContainersAreListedInTheKafkaHealthIndicator() {
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails().get("listeners")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("share-bulk-listener", "running")
			.containsEntry("share-queue-listener", "running");
	}

	@Test
	void shareContainersGetTheServiceClientIdAndRun() {
		MessageListenerContainer container = this.registry.getListenerContainer("share-bulk-listener");
		assertThat(container).isNotNull();
		assertThat(container.isRunning()).isTrue();
		assertThat(container.getContainerProperties().getClientId()).startsWith("share-it-")
			.endsWith("-share-bulk-listener");
	}

	@Test
	void shareContainersStartAfterTopicProvisioningWithTheOtherListeners() {
		// spring-kafka's share factory would give its containers phase 0, which the registry
		// adopts for every container: listeners would start before the topics are provisioned
		assertThat(this.registry.getPhase()).isEqualTo(AbstractMessageListenerContainer.DEFAULT_PHASE);
		assertThat(this.registry.getListenerContainer("share-bulk-listener").getPhase())
			.isEqualTo(AbstractMessageListenerContainer.DEFAULT_PHASE);
	}

	private double counter(String name) {
		return this.meters.get(name)
			.tags("topic", "share-bulk", "group", "share-it-bulk")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	public record Order(String id, long amountCents) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class App {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		KafkaUtilsShareListenerContainerFactory<Object, Object> manualShareFactory(
				ShareListenerContainerFactoryConfigurer configurer) {
			KafkaUtilsShareListenerContainerFactory<Object, Object> factory = configurer.create();
			factory.getContainerProperties().setShareAckMode(ContainerProperties.ShareAckMode.MANUAL);
			return factory;
		}

	}

	@Component
	static class Listeners {

		final Set<String> queueThreads = ConcurrentHashMap.newKeySet();

		final Set<String> queueProcessed = ConcurrentHashMap.newKeySet();

		volatile boolean queueWaitedForTheOther;

		private final CountDownLatch secondConsumer = new CountDownLatch(1);

		final Map<String, AtomicInteger> bulkDeliveries = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> bulkProcessed = new ConcurrentHashMap<>();

		final Map<String, Order> orders = new ConcurrentHashMap<>();

		@KafkaListener(id = "share-queue-listener", topics = "share-queue", groupId = "share-it-queue",
				containerFactory = KafkaShareAutoConfiguration.FACTORY_BEAN_NAME, concurrency = "2")
		void queue(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key) throws InterruptedException {
			this.queueThreads.add(Thread.currentThread().getName());
			if (this.queueThreads.size() > 1) {
				this.secondConsumer.countDown();
			}
			else {
				this.queueWaitedForTheOther = this.secondConsumer.await(20, TimeUnit.SECONDS);
			}
			this.queueProcessed.add(key);
		}

		@KafkaListener(id = "share-bulk-listener", topics = "share-bulk", groupId = "share-it-bulk",
				containerFactory = KafkaShareAutoConfiguration.FACTORY_BEAN_NAME, concurrency = "2")
		void bulk(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			int delivery = this.bulkDeliveries.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			int id = Integer.parseInt(key.substring(2));
			if (id % 20 == 0) {
				throw new IllegalStateException("permanent failure of " + key);
			}
			if (id % 20 == 1 && delivery == 1) {
				throw new IllegalStateException("transient failure of " + key);
			}
			this.bulkProcessed.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		}

		final Map<String, AtomicInteger> manualDeliveries = new ConcurrentHashMap<>();

		final Set<String> manualAccepted = ConcurrentHashMap.newKeySet();

		@KafkaListener(id = "share-manual-listener", topics = "share-manual", groupId = "share-it-manual",
				containerFactory = "manualShareFactory")
		void manual(String payload, @Header(KafkaHeaders.RECEIVED_KEY) String key, ShareAcknowledgment ack) {
			int delivery = this.manualDeliveries.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			if (delivery == 1) {
				ack.release();
			}
			else {
				ack.acknowledge();
				this.manualAccepted.add(key);
			}
		}

		final Map<String, Timestamp> stamps = new ConcurrentHashMap<>();

		@KafkaListener(id = "share-stamps-listener", topics = "share-stamps", groupId = "share-it-stamps",
				containerFactory = KafkaShareAutoConfiguration.FACTORY_BEAN_NAME)
		void stamps(Timestamp stamp, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			this.stamps.put(key, stamp);
		}

		@KafkaListener(id = "share-orders-listener", topics = "share-orders", groupId = "share-it-typed",
				containerFactory = KafkaShareAutoConfiguration.FACTORY_BEAN_NAME)
		void orders(Order order) {
			this.orders.put(order.id(), order);
		}

	}

}
