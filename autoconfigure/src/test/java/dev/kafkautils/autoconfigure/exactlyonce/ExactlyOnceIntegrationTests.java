package dev.kafkautils.autoconfigure.exactlyonce;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.kafkautils.autoconfigure.errors.DeadLetterHeaders;
import dev.kafkautils.autoconfigure.health.KafkaHealthIndicator;
import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics;
import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.rpc.RpcClient;
import dev.kafkautils.autoconfigure.rpc.RpcClientFactory;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once consume-transform-produce against the shared broker: a failing record is
 * retried per the back-off, then dead-lettered once in the transaction that commits its
 * offset, and its output is never committed; the next record is processed; template sends
 * outside a transaction fail saying how to wrap them; a second instance of the service
 * does not fence the first.
 */
@SpringBootTest(classes = ExactlyOnceIntegrationTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { ExactlyOnceIntegrationTests.NAME, ExactlyOnceIntegrationTests.GROUP,
				ExactlyOnceIntegrationTests.ENABLED, "kafka.utils.provisioning.enabled=false",
				"kafka.utils.retry.max-attempts=3", "kafka.utils.retry.backoff.initial=200ms",
				"kafka.utils.retry.backoff.multiplier=2.0", "kafka.utils.retry.backoff.max=1s",
				ExactlyOnceIntegrationTests.NON_RETRYABLE })
class ExactlyOnceIntegrationTests {

	static final String NAME = "spring.application.name=eos-it";

	static final String GROUP = "spring.kafka.consumer.group-id=eos-it";

	static final String ENABLED = "kafka.utils.exactly-once.enabled=true";

	static final String NON_RETRYABLE = "kafka.utils.retry.non-retryable="
			+ "dev.kafkautils.autoconfigure.exactlyonce.ExactlyOnceIntegrationTests$RejectedException";

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int PAIR_RECORDS = 200;

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(1, "eos-in", "eos-out", "dlq.eos-in", "eos-direct", "eos-asks", "eos-answers",
				"eos-rpc-requests", "eos-it-replies");
		TestKafka.createTopics(4, "eos-pair", "eos-pair-out");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private Listeners listeners;

	@Autowired
	private ProducerFactory<?, ?> producerFactory;

	@Autowired
	private KafkaHealthIndicator health;

	@Autowired
	private MeterRegistry meters;

	@Test
	void springBootsTransactionManagerRunsTheListenersWithAPrefixOfThisInstance(
			@Autowired KafkaTransactionManager<?, ?> transactionManager,
			@Autowired KafkaListenerEndpointRegistry registry) {
		assertThat(this.producerFactory.transactionCapable()).isTrue();
		assertThat(this.producerFactory.getTransactionIdPrefix()).matches("eos-it-[0-9a-f]{8}-");
		assertThat(transactionManager.getProducerFactory()).isSameAs(this.producerFactory);
		assertThat(registry.getListenerContainer("in").getContainerProperties().getKafkaAwareTransactionManager())
			.isSameAs(transactionManager);
		Health health = this.health.health(true);
		assertThat(health.getDetails()).containsEntry("exactlyOnce",
				Map.of("enabled", true, "transactionIdPrefix", this.producerFactory.getTransactionIdPrefix()));
	}

	@Test
	void failingRecordIsRetriedPerTheBackOffThenDeadLetteredOnceAndItsOutputIsNeverCommitted() throws Exception {
		this.template.executeInTransaction((t) -> {
			t.send("eos-in", "f-1", "fail");
			t.send("eos-in", "k-1", "flaky");
			t.send("eos-in", "r-1", "reject");
			return t.send("eos-in", "n-1", "next");
		});
		await().atMost(WAIT).until(() -> TransactionalReads.count(TransactionalReads.committed("eos-out"), "n-1") == 1);

		// retried per the back-off: three deliveries, 200 ms then 400 ms apart
		List<Long> failed = this.listeners.deliveries("f-1");
		assertThat(failed).hasSize(3);
		assertThat(failed.get(1) - failed.get(0)).isGreaterThanOrEqualTo(190);
		assertThat(failed.get(2) - failed.get(1)).isGreaterThanOrEqualTo(390);
		assertThat(this.listeners.deliveries("r-1")).hasSize(1);
		assertThat(this.listeners.deliveries("k-1")).hasSize(3);
		assertThat(this.listeners.deliveries("n-1")).hasSize(1);

		// dead-lettered once, with nothing rolled back on the dead-letter topic either
		List<ConsumerRecord<String, byte[]>> dead = TransactionalReads.committed("dlq.eos-in");
		assertThat(TransactionalReads.count(dead, "f-1")).isOne();
		assertThat(TransactionalReads.count(dead, "r-1")).isOne();
		assertThat(TransactionalReads.count(dead, "k-1")).isZero();
		assertThat(TransactionalReads.count(TransactionalReads.uncommitted("dlq.eos-in"), "f-1")).isOne();
		ConsumerRecord<String, byte[]> deadFail = dead.stream().filter((r) -> "f-1".equals(r.key())).findFirst().get();
		assertThat(new String(deadFail.value(), StandardCharsets.UTF_8)).isEqualTo("fail");
		assertThat(TestKafka.header(deadFail, DeadLetterHeaders.REASON)).contains("retries-exhausted");
		assertThat(TestKafka.header(deadFail, DeadLetterHeaders.DELIVERY_ATTEMPTS)).contains("3");
		assertThat(TestKafka.header(deadFail, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.contains(IllegalStateException.class.getName());
		ConsumerRecord<String, byte[]> deadReject = dead.stream().filter((r) -> "r-1".equals(r.key())).findFirst().get();
		assertThat(TestKafka.header(deadReject, DeadLetterHeaders.REASON)).contains("non-retryable");

		// the outputs of failed deliveries were written and rolled back: only the successful one counts
		List<ConsumerRecord<String, byte[]>> committed = TransactionalReads.committed("eos-out");
		List<ConsumerRecord<String, byte[]>> uncommitted = TransactionalReads.uncommitted("eos-out");
		assertThat(TransactionalReads.count(committed, "f-1")).isZero();
		assertThat(TransactionalReads.count(uncommitted, "f-1")).isEqualTo(3);
		assertThat(TransactionalReads.count(committed, "r-1")).isZero();
		assertThat(TransactionalReads.count(uncommitted, "r-1")).isOne();
		assertThat(TransactionalReads.count(committed, "k-1")).isOne();
		assertThat(TransactionalReads.count(uncommitted, "k-1")).isEqualTo(3);

		// the meters count as in blocking mode: f-1 and k-1 retried twice each, f-1 and r-1 dead-lettered
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(count(KafkaUtilsMetrics.CONSUMER_DEAD_LETTERED, "eos-in")).isEqualTo(2);
			assertThat(count(KafkaUtilsMetrics.CONSUMER_RETRIES, "eos-in")).isEqualTo(4);
		});

		// every offset committed, the dead-lettered records' in the transactions that wrote their copies
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(committedOffset("eos-it", new TopicPartition("eos-in", 0))).isEqualTo(4));
	}

	@Test
	void templateSendOutsideATransactionFailsSayingHowToWrapIt() throws Exception {
		assertThatIllegalStateException().isThrownBy(() -> this.template.send("eos-direct", "d-1", "lost?"))
			.withMessageContaining("No transaction is in process")
			.withMessageContaining("executeInTransaction");
		assertThatIllegalStateException().isThrownBy(() -> this.template.sendAndWait("eos-direct", "d-2", "lost?"))
			.withMessageContaining("executeInTransaction");
		this.template.executeInTransaction((t) -> this.template.sendAndWait("eos-direct", "d-3", "wrapped"));
		List<ConsumerRecord<String, byte[]>> committed = TransactionalReads.committed("eos-direct");
		assertThat(committed).extracting(ConsumerRecord::key).containsExactly("d-3");
		// the standard headers are written as outside transactions
		assertThat(TestKafka.header(committed.get(0), "source")).contains("eos-it");
	}

	@Test
	void aListenerCallsAnotherServiceInsideItsTransactionAndGetsTheReply(@Autowired RpcClient<Question, Answer> rpc)
			throws Exception {
		// the request is sent at once, outside the listener's transaction: inside it, a read_committed server
		// would not see it before the listener's commit, which waits for the reply
		this.template.executeInTransaction((t) -> t.send("eos-asks", "q-1", "price?"));
		await().atMost(WAIT).until(() -> TransactionalReads.count(TransactionalReads.committed("eos-answers"), "q-1") == 1);
		ConsumerRecord<String, byte[]> answer = TransactionalReads.committed("eos-answers").get(0);
		assertThat(new String(answer.value(), StandardCharsets.UTF_8)).isEqualTo("answer-price?");
		assertThat(rpc.call(new Question("direct?"), Duration.ofSeconds(10))).isEqualTo(new Answer("answer-direct?"));
	}

	@Test
	void aSecondInstanceOfTheServiceDoesNotFenceTheFirst() throws Exception {
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties(NAME, GROUP, ENABLED, "kafka.utils.provisioning.enabled=false", NON_RETRYABLE,
					TestKafka.bootstrapProperty())
			.run()) {
			String secondPrefix = second.getBean(ProducerFactory.class).getTransactionIdPrefix();
			assertThat(secondPrefix).matches("eos-it-[0-9a-f]{8}-")
				.isNotEqualTo(this.producerFactory.getTransactionIdPrefix());
			KafkaListenerEndpointRegistry firstRegistry = this.listeners.registry;
			KafkaListenerEndpointRegistry secondRegistry = second.getBean(KafkaListenerEndpointRegistry.class);
			await().atMost(WAIT).until(() -> assigned(firstRegistry) + assigned(secondRegistry) == 4
					&& assigned(firstRegistry) > 0 && assigned(secondRegistry) > 0);

			this.template.executeInTransaction((t) -> {
				IntStream.range(0, PAIR_RECORDS).forEach((i) -> t.send("eos-pair", "p-" + i, "v" + i));
				return null;
			});
			Listeners secondListeners = second.getBean(Listeners.class);
			await().atMost(WAIT)
				.until(() -> this.listeners.pairProcessed.get() + secondListeners.pairProcessed.get() >= PAIR_RECORDS);

			// a listener counts its record before its transaction commits: wait for the last commits
			await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> TransactionalReads.committed("eos-pair-out").size() >= PAIR_RECORDS);
			List<ConsumerRecord<String, byte[]>> committed = TransactionalReads.committed("eos-pair-out");
			Map<String, Long> outputs = committed.stream()
				.collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
			assertThat(outputs).hasSize(PAIR_RECORDS).allSatisfy((key, count) -> assertThat(count).isOne());
			// no transaction was aborted: a fenced producer would have rolled back and written again
			assertThat(TransactionalReads.uncommitted("eos-pair-out")).hasSize(PAIR_RECORDS);
			assertThat(this.listeners.pairProcessed.get()).isPositive();
			assertThat(secondListeners.pairProcessed.get()).isPositive();
			assertThat(this.listeners.pairProcessed.get() + secondListeners.pairProcessed.get())
				.isEqualTo(PAIR_RECORDS);
		}
		// the second instance left the group: wait until the rebalance is over, so that it
		// cannot run into the transactions of the tests after this one
		await().atMost(WAIT).until(() -> assigned(this.listeners.registry) == 4);
	}

	private double count(String meter, String topic) {
		return this.meters.find(meter).tag("topic", topic).counters().stream().mapToDouble(Counter::count).sum();
	}

	private static int assigned(KafkaListenerEndpointRegistry registry) {
		var partitions = registry.getListenerContainer("pair").getAssignedPartitions();
		return (partitions != null) ? partitions.size() : 0;
	}

	private static long committedOffset(String group, TopicPartition partition) throws Exception {
		try (Admin admin = TestKafka.admin()) {
			OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS)
				.get(partition);
			return (offset != null) ? offset.offset() : -1;
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class App {

		@Bean
		RpcClient<Question, Answer> eosRpcClient(RpcClientFactory rpc) {
			return rpc.create("eos-rpc-requests", Answer.class);
		}

	}

	@Component
	static class Listeners {

		final Map<String, List<Long>> deliveries = new ConcurrentHashMap<>();

		final AtomicInteger pairProcessed = new AtomicInteger();

		final KafkaUtilsTemplate template;

		final KafkaListenerEndpointRegistry registry;

		final ObjectProvider<RpcClient<Question, Answer>> rpc;

		Listeners(KafkaUtilsTemplate template, KafkaListenerEndpointRegistry registry,
				ObjectProvider<RpcClient<Question, Answer>> rpc) {
			this.template = template;
			this.registry = registry;
			this.rpc = rpc;
		}

		List<Long> deliveries(String key) {
			return this.deliveries.getOrDefault(key, List.of());
		}

		@KafkaListener(id = "in", idIsGroup = false, topics = "eos-in")
		void on(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			List<Long> times = this.deliveries.computeIfAbsent(key, (k) -> new java.util.concurrent.CopyOnWriteArrayList<>());
			times.add(System.currentTimeMillis());
			// the output is written (acknowledged, so it is in the log) before the listener fails:
			// it must never be committed
			this.template.sendAndWait("eos-out", key, "out-" + value);
			if (value.equals("fail") || (value.equals("flaky") && times.size() < 3)) {
				throw new IllegalStateException("failing " + key);
			}
			if (value.equals("reject")) {
				throw new RejectedException("rejected " + key);
			}
		}

		@KafkaListener(id = "asks", idIsGroup = false, topics = "eos-asks")
		void ask(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			Answer answer = this.rpc.getObject().call(new Question(value), Duration.ofSeconds(10));
			this.template.send("eos-answers", key, answer.text());
		}

		@KafkaListener(id = "rpc-server", groupId = "eos-rpc-server", topics = "eos-rpc-requests")
		@SendTo
		Answer answer(Question question) {
			return new Answer("answer-" + question.text());
		}

		@KafkaListener(id = "pair", idIsGroup = false, topics = "eos-pair")
		void pair(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			this.template.send("eos-pair-out", key, "out-" + value);
			this.pairProcessed.incrementAndGet();
		}

	}

	record Question(String text) {
	}

	record Answer(String text) {
	}

	static class RejectedException extends RuntimeException {

		RejectedException(String message) {
			super(message);
		}

	}

}
