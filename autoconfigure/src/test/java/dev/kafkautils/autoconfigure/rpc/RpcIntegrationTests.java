package dev.kafkautils.autoconfigure.rpc;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import dev.kafkautils.autoconfigure.codec.PayloadReaders;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Request/reply through the real broker: two servers in one group answering a client's
 * concurrent requests, two clients that each get only their own replies, error replies,
 * timeouts that leave nothing behind, expired requests skipped by the server, and
 * protobuf and JSON payloads. Topics are provisioned by kafka-utils, reply topics in the
 * reply tier.
 */
@SpringBootTest(classes = RpcIntegrationTests.App.class,
		properties = { "spring.application.name=rpc-it", "kafka.utils.provisioning.max-replication=1",
				"kafka.utils.rpc.timeout=20s", "kafka.utils.retry.backoff.initial=50ms" })
class RpcIntegrationTests {

	private static final String PREFIX = "rpc-" + UUID.randomUUID().toString().substring(0, 8) + ".";

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
		registry.add("kafka.utils.topic-prefix", () -> PREFIX);
	}

	@Autowired
	@Qualifier("questions")
	private RpcClient<Question, Answer> questions;

	@Autowired
	@Qualifier("otherQuestions")
	private RpcClient<Question, Answer> otherQuestions;

	@Autowired
	@Qualifier("lengths")
	private RpcClient<StringValue, Int32Value> lengths;

	@Autowired
	@Qualifier("nobody")
	private RpcClient<Question, Answer> nobody;

	@Autowired
	@Qualifier("slow")
	private RpcClient<Question, Answer> slow;

	@Autowired
	@Qualifier("late")
	private RpcClient<Question, Answer> late;

	@Autowired
	private Servers servers;



	@Autowired
	private KafkaListenerEndpointRegistry registry;

	@Autowired
	private MeterRegistry meters;

	@Test
	void twoServersInOneGroupShareConcurrentRequestsAndEachIsAnsweredOnce() throws Exception {
		awaitServersAssigned();
		List<CompletableFuture<Answer>> futures = IntStream.range(0, 200)
			.mapToObj((n) -> this.questions.callAsync(new Question("q" + n, n)))
			.toList();
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		for (int n = 0; n < 200; n++) {
			assertThat(futures.get(n).get().text()).isEqualTo("answer to q" + n);
		}
		List<Handled> handled = this.servers.handled.stream().filter((h) -> h.text().startsWith("q")).toList();
		assertThat(handled).hasSize(200);
		assertThat(handled.stream().map(Handled::correlationId).collect(Collectors.toSet())).hasSize(200);
		// the correlation id is the request's key, which the correlation support puts in the MDC
		assertThat(handled).allSatisfy((h) -> assertThat(h.mdc()).isEqualTo(h.correlationId()));
		Map<String, Long> byServer = handled.stream()
			.collect(Collectors.groupingBy(Handled::server, Collectors.counting()));
		assertThat(byServer).containsOnlyKeys("server-a", "server-b");
		assertThat(this.meters.get(MicrometerRpcMetrics.CLIENT_REQUESTS)
			.tags("topic", PREFIX + "questions", "outcome", "success")
			.timer()
			.count()).isGreaterThanOrEqualTo(200);
	}

	@Test
	void twoClientsEachReceiveOnlyTheirOwnReplies() throws Exception {
		assertThat(this.questions.getReplyGroup()).isNotEqualTo(this.otherQuestions.getReplyGroup());
		assertThat(this.questions.getReplyTopic()).isEqualTo(this.otherQuestions.getReplyTopic());
		List<CompletableFuture<Answer>> mine = new ArrayList<>();
		List<CompletableFuture<Answer>> theirs = new ArrayList<>();
		for (int n = 0; n < 50; n++) {
			mine.add(this.questions.callAsync(new Question("mine" + n, n)));
			theirs.add(this.otherQuestions.callAsync(new Question("theirs" + n, n)));
		}
		CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		CompletableFuture.allOf(theirs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		for (int n = 0; n < 50; n++) {
			assertThat(mine.get(n).get().text()).isEqualTo("answer to mine" + n);
			assertThat(theirs.get(n).get().text()).isEqualTo("answer to theirs" + n);
		}
		// both read every reply on the shared topic; neither took the other's for a late one of its own
		assertThat(this.meters.get(MicrometerRpcMetrics.CLIENT_LATE_REPLIES)
			.tags("topic", PREFIX + "questions")
			.counters()).allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@Test
	void serverExceptionFailsTheCallAtOnceAsTypedException() {
		awaitServersAssigned();
		long started = System.nanoTime();
		assertThatExceptionOfType(RpcErrorReplyException.class)
			.isThrownBy(() -> this.questions.call(new Question("fail", 7)))
			.satisfies((ex) -> {
				assertThat(ex.getRemoteType()).isEqualTo(IllegalStateException.class.getName());
				assertThat(ex.getRemoteMessage()).isEqualTo("no answer to fail");
				assertThat(ex.getTopic()).isEqualTo(PREFIX + "questions");
				assertThat(ex.getCorrelationId()).isNotEmpty();
			});
		// the timeout is 20 s
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void failingRecordThatIsNoRequestGoesToTheDeadLetterTopicAsUsual() {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(PREFIX + "questions", "no-reply",
				"{\"text\":\"fail\",\"n\":3}".getBytes(StandardCharsets.UTF_8));
		TestKafka.sendRaw(record);
		ConsumerRecord<String, byte[]> deadLetter = TestKafka.readRaw(PREFIX + "dlq.questions", 1, Duration.ofSeconds(20))
			.stream()
			.filter((r) -> "no-reply".equals(r.key()))
			.findFirst()
			.orElseThrow();
		assertThat(TestKafka.header(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN))
			.contains(IllegalStateException.class.getName());
	}

	@Test
	void protobufRequestAndResponse() {
		assertThat(this.lengths.call(StringValue.of("hello"))).isEqualTo(Int32Value.of(5));
	}

	@Test
	void thousandTimeoutsLeaveNoPendingState() throws Exception {
		Duration timeout = Duration.ofMillis(300);
		long timeoutsBefore = timeouts("nobody");
		List<String> ids = IntStream.range(0, 1000).mapToObj((n) -> "t-" + n).toList();
		List<CompletableFuture<Answer>> futures = ids.stream()
			.map((id) -> this.nobody.callAsync(new Question(id, 0), id, timeout))
			.toList();
		CompletableFuture<?> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(all::isDone);
		for (int n = 0; n < futures.size(); n++) {
			String id = ids.get(n);
			assertThat(futures.get(n)).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.isInstanceOfSatisfying(RpcTimeoutException.class, (ex) -> {
					assertThat(ex.getCorrelationId()).isEqualTo(id);
					assertThat(ex.getTopic()).isEqualTo(PREFIX + "nobody");
					assertThat(ex).hasMessageContaining("'" + PREFIX + "nobody'").hasMessageContaining("'" + id + "'");
				});
		}
		RpcTemplate template = this.nobody.template();
		assertThat(pendingFutures(template)).isEmpty();
		assertThat(template.scheduler().getScheduledThreadPoolExecutor().getQueue()).isEmpty();
		assertThat(timeouts("nobody") - timeoutsBefore).isEqualTo(1000);
	}

	private long timeouts(String topic) {
		return this.meters.get(MicrometerRpcMetrics.CLIENT_REQUESTS)
			.tags("topic", PREFIX + topic, "outcome", "timeout")
			.timer()
			.count();
	}

	@Test
	void blockingCallFailsAtItsTimeoutNamingTopicAndCorrelationId() {
		long started = System.nanoTime();
		assertThatExceptionOfType(RpcTimeoutException.class)
			.isThrownBy(() -> this.nobody.call(new Question("anyone?", 1), Duration.ofMillis(500)))
			.withMessageContaining(PREFIX + "nobody")
			.withMessageContaining("correlation id");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
	}

	@Test
	void requestWhoseDeadlinePassedInTheTopicIsNotProcessed() throws Exception {
		assertThatExceptionOfType(RpcTimeoutException.class)
			.isThrownBy(() -> this.slow.call(new Question("too late", 1), Duration.ofMillis(200)));
		this.registry.getListenerContainer("slow-server").start();
		// sent after the expired one to the same single partition, so handled after it was skipped
		CompletableFuture<Answer> fresh = this.slow.callAsync(new Question("in time", 2), null,
				Duration.ofSeconds(20));
		assertThat(fresh.get(30, TimeUnit.SECONDS).text()).isEqualTo("answer to in time");
		assertThat(this.servers.handled).extracting(Handled::text).doesNotContain("too late");
		assertThat(this.meters.get(MicrometerRpcMetrics.SERVER_EXPIRED)
			.tags("topic", PREFIX + "slow", "group", "rpc-slow-servers")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void replyAfterTheTimeoutIsDroppedAndCounted() throws Exception {
		CompletableFuture<Answer> call = this.late.callAsync(new Question("slowly", 1), null, Duration.ofSeconds(3));
		// the server has started on the request within its deadline
		assertThat(this.servers.lateStarted.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(call).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(RpcTimeoutException.class);
		this.servers.lateRelease.countDown();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.meters.get(MicrometerRpcMetrics.CLIENT_LATE_REPLIES)
				.tags("topic", PREFIX + "late")
				.counter()
				.count() == 1);
		assertThat(pendingFutures(this.late.template())).isEmpty();
	}

	@Test
	void instanceReplySchemeAnswersOnTheClientsOwnReplyTopic(@Autowired ProducerFactory<?, ?> producers,
			@Autowired ConsumerFactory<?, ?> consumers, @Autowired TopicNames topicNames,
			@Autowired PayloadReaders readers, @Autowired ServiceIdentity identity) {
		RpcProperties properties = new RpcProperties();
		properties.setReplyScheme(RpcProperties.ReplyScheme.INSTANCE);
		RpcClientFactory instanceClients = new RpcClientFactory(producers, consumers, topicNames, readers, properties,
				identity, RpcMetrics.NONE);
		try {
			RpcClient<Question, Answer> client = instanceClients.create("questions", Answer.class);
			assertThat(client.getReplyTopic()).startsWith(PREFIX + "rpc-it-replies-")
				.isNotEqualTo(this.questions.getReplyTopic());
			// created after provisioning ran, so the test creates it
			TestKafka.createTopics(1, client.getReplyTopic());
			assertThat(client.call(new Question("instance", 1), Duration.ofSeconds(20)).text())
				.isEqualTo("answer to instance");
		}
		finally {
			instanceClients.destroy();
		}
	}

	@Test
	void replyTopicIsProvisionedInTheShortRetentionReplyTier() throws Exception {
		String replyTopic = this.questions.getReplyTopic();
		assertThat(replyTopic).isEqualTo(PREFIX + "rpc-it-replies");
		try (Admin admin = TestKafka.admin()) {
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, replyTopic);
			Config config = admin.describeConfigs(Set.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
			assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofHours(1).toMillis()));
		}
	}

	/** Both servers of the group hold some of the request topic's partitions. */
	private void awaitServersAssigned() {
		List<MessageListenerContainer> servers = List.of(this.registry.getListenerContainer("server-a"),
				this.registry.getListenerContainer("server-b"));
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> servers.stream()
			.allMatch((server) -> server.getAssignedPartitions() != null && !server.getAssignedPartitions().isEmpty()));
	}

	@SuppressWarnings("unchecked")
	private static Map<Object, ?> pendingFutures(RpcTemplate template) throws Exception {
		Field futures = ReplyingKafkaTemplate.class.getDeclaredField("futures");
		futures.setAccessible(true);
		return (Map<Object, ?>) futures.get(template);
	}

	record Question(String text, int n) {
	}

	record Answer(String text, String server) {
	}

	record Handled(String server, String text, String correlationId, @Nullable String mdc) {
	}

	@Component
	static class Servers {

		final List<Handled> handled = new CopyOnWriteArrayList<>();

		final CountDownLatch lateStarted = new CountDownLatch(1);

		final CountDownLatch lateRelease = new CountDownLatch(1);

		/** Answers once the test lets it, after the client has given up. */
		@KafkaListener(id = "late-server", topics = "late", groupId = "rpc-late-servers")
		@SendTo
		Answer lateServer(Question question) throws InterruptedException {
			this.lateStarted.countDown();
			this.lateRelease.await(20, TimeUnit.SECONDS);
			return new Answer("late answer to " + question.text(), "late-server");
		}

		@KafkaListener(id = "server-a", topics = "questions", groupId = "rpc-servers")
		@SendTo
		Answer serverA(Question question, @Header(name = KafkaHeaders.CORRELATION_ID, required = false) byte @Nullable [] correlationId) {
			return answer("server-a", question, correlationId);
		}

		@KafkaListener(id = "server-b", topics = "questions", groupId = "rpc-servers")
		@SendTo
		Answer serverB(Question question, @Header(name = KafkaHeaders.CORRELATION_ID, required = false) byte @Nullable [] correlationId) {
			return answer("server-b", question, correlationId);
		}

		@KafkaListener(id = "slow-server", topics = "slow", groupId = "rpc-slow-servers", autoStartup = "false")
		@SendTo
		Answer slowServer(Question question, @Header(name = KafkaHeaders.CORRELATION_ID, required = false) byte @Nullable [] correlationId) {
			return answer("slow-server", question, correlationId);
		}

		@KafkaListener(id = "lengths-server", topics = "lengths", groupId = "rpc-lengths-servers")
		@SendTo
		Int32Value length(StringValue text) {
			return Int32Value.of(text.getValue().length());
		}

		private Answer answer(String server, Question question, byte @Nullable [] correlationId) {
			this.handled.add(
					new Handled(server, question.text(), (correlationId != null) ? new String(correlationId, StandardCharsets.UTF_8) : "",
							MDC.get("correlationId")));
			if (question.text().equals("fail")) {
				throw new IllegalStateException("no answer to " + question.text());
			}
			return new Answer("answer to " + question.text(), server);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Servers.class)
	static class App {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		RpcClient<Question, Answer> questions(RpcClientFactory rpc) {
			return rpc.create("questions", Answer.class);
		}

		@Bean
		RpcClient<Question, Answer> otherQuestions(RpcClientFactory rpc) {
			return rpc.create("questions", Answer.class);
		}

		@Bean
		RpcClient<StringValue, Int32Value> lengths(RpcClientFactory rpc) {
			return rpc.create("lengths", Int32Value.class);
		}

		@Bean
		RpcClient<Question, Answer> nobody(RpcClientFactory rpc) {
			return rpc.create("nobody", Answer.class);
		}

		@Bean
		RpcClient<Question, Answer> late(RpcClientFactory rpc) {
			return rpc.create("late", Answer.class);
		}

		@Bean
		RpcClient<Question, Answer> slow(RpcClientFactory rpc) {
			return rpc.create("slow", Answer.class);
		}

	}

}
