package dev.kafkautils.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka-utils meters against a real broker: exact counts per topic after sending and
 * consuming, the latency timer's samples, retries and dead-lettered records, consumer lag
 * while a listener is paused, and tag keys that Prometheus accepts.
 */
@SpringBootTest(classes = KafkaUtilsMetricsIntegrationTests.App.class,
		properties = { "spring.application.name=metrics-it", "spring.kafka.consumer.group-id=metrics-it",
				"kafka.utils.provisioning.enabled=false", "kafka.utils.retry.max-attempts=3",
				"kafka.utils.retry.backoff.initial=10ms", "kafka.utils.retry.backoff.max=20ms",
				"kafka.utils.metrics.lag.interval=1s", "kafka.utils.metrics.lag.timeout=2s" })
class KafkaUtilsMetricsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int N = 200;

	private static final String GROUP = "metrics-it";

	@DynamicPropertySource
	static void broker(DynamicPropertyRegistry registry) {
		TestKafka.createTopics(3, "metered");
		TestKafka.createTopics(1, "metered-flaky", "dlq.metered-flaky");
		TestKafka.createTopics(2, "lagging");
		TestKafka.createTopics(1, "metered-failing");
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
	}

	@Autowired
	private KafkaUtilsTemplate template;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private Listeners listeners;

	@Autowired
	private KafkaListenerEndpointRegistry containers;

	@Autowired
	private UserInterceptor userInterceptor;

	@Test
	void metersHoldExactlyTheRecordsSentAndConsumed() throws Exception {
		List<CompletableFuture<SendResult<String, Object>>> sent = new ArrayList<>();
		for (int i = 0; i < N; i++) {
			sent.add(this.template.send("metered", "key-" + i, "value-" + i));
		}
		for (CompletableFuture<SendResult<String, Object>> future : sent) {
			future.get(30, TimeUnit.SECONDS);
		}
		// KafkaTemplate completes the future before it calls its producer listener, which feeds the meters
		await().atMost(WAIT).until(() -> counter(KafkaUtilsMetrics.PRODUCER_RECORDS, "topic", "metered") == N);
		Timer latency = this.meterRegistry.get(KafkaUtilsMetrics.PRODUCER_LATENCY).tag("topic", "metered").timer();
		await().atMost(WAIT).until(() -> latency.count() == N);
		assertThat(counter(KafkaUtilsMetrics.PRODUCER_RECORDS, "topic", "metered")).isEqualTo(N);
		assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();

		await().atMost(WAIT).until(() -> this.listeners.metered.get() == N);
		await().atMost(WAIT)
			.until(() -> counter(KafkaUtilsMetrics.CONSUMER_RECORDS, "topic", "metered", "group", GROUP) == N);
		Timer processing = this.meterRegistry.get(KafkaUtilsMetrics.CONSUMER_PROCESSING)
			.tags("topic", "metered", "group", GROUP, "outcome", "success")
			.timer();
		assertThat(processing.count()).isEqualTo(N);
		assertThat(this.meterRegistry.find(KafkaUtilsMetrics.PRODUCER_FAILURES).tag("topic", "metered").counters())
			.isEmpty();
		// spring-kafka's own timers are off: each send and each record is timed once, by the kafka-utils meters
		assertThat(this.meterRegistry.find("spring.kafka.template").timers()).isEmpty();
		assertThat(this.meterRegistry.find("spring.kafka.listener").timers()).isEmpty();
		// the application's own RecordInterceptor bean still runs beside the kafka-utils ones
		assertThat(this.userInterceptor.seen.get()).isGreaterThanOrEqualTo(N);
	}

	@Test
	void produceFailuresAreCountedByException() {
		// larger than max.request.size: the producer calls back with the failure and fails the send at once,
		// which the template reports through the future; it is counted once
		assertThat(this.template.send("metered-failing", "big", new byte[2 * 1024 * 1024]))
			.failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(KafkaException.class)
			.havingRootCause()
			.isInstanceOf(RecordTooLargeException.class);
		assertThat(counter(KafkaUtilsMetrics.PRODUCER_FAILURES, "topic", "metered-failing", "exception",
				"RecordTooLargeException"))
			.isEqualTo(1);
		assertThat(counter(KafkaUtilsMetrics.PRODUCER_RECORDS, "topic", "metered-failing")).isZero();
	}

	@Test
	void retriesAndDeadLetteredRecordsAreCountedByException() {
		// "once" fails its first delivery; "never" fails all three and is dead-lettered
		this.template.sendAndWait("metered-flaky", "once", "x");
		this.template.sendAndWait("metered-flaky", "never", "x");
		await().atMost(WAIT)
			.until(() -> counter(KafkaUtilsMetrics.CONSUMER_DEAD_LETTERED, "topic", "metered-flaky", "group", GROUP,
					"exception", "IllegalStateException") == 1);
		await().atMost(WAIT).until(() -> this.listeners.flakyProcessed.contains("once"));
		assertThat(this.listeners.flakyDeliveries.get("once")).hasValue(2);
		assertThat(this.listeners.flakyDeliveries.get("never")).hasValue(3);
		// one retry of "once", two of "never" (its third failure is dead-lettered, not retried)
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(counter(KafkaUtilsMetrics.CONSUMER_RETRIES, "topic", "metered-flaky",
					"group", GROUP, "exception", "IllegalStateException"))
				.as(this::dump)
				.isEqualTo(3));
		assertThat(counter(KafkaUtilsMetrics.CONSUMER_RECORDS, "topic", "metered-flaky", "group", GROUP))
			.isEqualTo(1);
		Timer failed = this.meterRegistry.get(KafkaUtilsMetrics.CONSUMER_PROCESSING)
			.tags("topic", "metered-flaky", "group", GROUP, "outcome", "failure")
			.timer();
		assertThat(failed.count()).isEqualTo(4);
	}

	@Test
	void lagOfAPausedListenerIsReportedWithinOneIntervalAndFallsToZeroAfterResuming() {
		MessageListenerContainer container = this.containers.getListenerContainer("lagging");
		await().atMost(WAIT).until(() -> container.getAssignedPartitions().size() == 2);
		container.pause();
		await().atMost(WAIT).until(container::isContainerPaused);
		for (int i = 0; i < 100; i++) {
			this.template.send("lagging", "key-" + i, "value-" + i);
		}
		this.template.flush();
		long sent = System.nanoTime();
		await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50)).until(() -> lag("lagging") == 100);
		assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(4));
		assertThat(lagGauges("lagging")).hasSize(2)
			.allSatisfy((gauge) -> assertThat(gauge.getId().getTag("group")).isEqualTo(GROUP));
		assertThat(this.listeners.lagging.get()).isZero();

		container.resume();
		await().atMost(WAIT).until(() -> this.listeners.lagging.get() == 100);
		await().atMost(WAIT).until(() -> lag("lagging") == 0);

		// a stopped container's partitions are no longer this instance's: their gauges go
		container.stop();
		await().atMost(WAIT).until(() -> lagGauges("lagging").isEmpty());
		container.start();
	}

	@Test
	void everyMeterOfOneNameHasTheSameTagKeys() {
		this.template.sendAndWait("metered", "tags", "value");
		await().atMost(WAIT).until(() -> this.meterRegistry.find(KafkaUtilsMetrics.CONSUMER_PROCESSING).timers()
			.size() >= 1);
		Map<String, Set<Set<String>>> tagKeysByName = new HashMap<>();
		for (Meter meter : this.meterRegistry.getMeters()) {
			if (meter.getId().getName().startsWith("kafka.utils.")) {
				tagKeysByName.computeIfAbsent(meter.getId().getName(), (name) -> new java.util.HashSet<>())
					.add(meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()));
			}
		}
		assertThat(tagKeysByName).containsKeys(KafkaUtilsMetrics.PRODUCER_RECORDS, KafkaUtilsMetrics.PRODUCER_LATENCY,
				KafkaUtilsMetrics.CONSUMER_RECORDS, KafkaUtilsMetrics.CONSUMER_PROCESSING);
		tagKeysByName.forEach((name, keySets) -> assertThat(keySets).as(name).hasSize(1));
		for (Meter meter : this.meterRegistry.getMeters()) {
			if (meter.getId().getName().startsWith("kafka.utils.")) {
				assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
			}
		}
	}

	private String dump() {
		StringBuilder out = new StringBuilder();
		this.meterRegistry.getMeters().stream().filter((m) -> m.getId().getName().startsWith("kafka.utils"))
			.forEach((m) -> out.append(m.getId()).append(' ').append(m.measure()).append('\n'));
		out.append(this.meterRegistry.getClass());
		return out.toString();
	}

	private double counter(String name, String... tags) {
		Counter counter = this.meterRegistry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private List<Gauge> lagGauges(String topic) {
		return new ArrayList<>(this.meterRegistry.find(KafkaUtilsMetrics.CONSUMER_LAG).tag("topic", topic).gauges());
	}

	private long lag(String topic) {
		return (long) lagGauges(topic).stream().mapToDouble(Gauge::value).sum();
	}

	@Component
	static class Listeners {

		final AtomicInteger metered = new AtomicInteger();

		final AtomicInteger lagging = new AtomicInteger();

		final Map<String, AtomicInteger> flakyDeliveries = new ConcurrentHashMap<>();

		final Set<String> flakyProcessed = ConcurrentHashMap.newKeySet();

		@KafkaListener(topics = "metered", concurrency = "2")
		void onMetered(String value) {
			this.metered.incrementAndGet();
		}

		@KafkaListener(topics = "metered-flaky")
		void onFlaky(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			int delivery = this.flakyDeliveries.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			if (key.equals("never") || delivery == 1) {
				throw new IllegalStateException("delivery " + delivery + " of " + key);
			}
			this.flakyProcessed.add(key);
		}

		@KafkaListener(id = "lagging", idIsGroup = false, topics = "lagging")
		void onLagging(String value) {
			this.lagging.incrementAndGet();
		}

	}

	/** An application's own interceptor, which Spring Boot gives its container factory. */
	static class UserInterceptor implements RecordInterceptor<Object, Object> {

		final AtomicInteger seen = new AtomicInteger();

		@Override
		public org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> intercept(
				org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> record,
				org.apache.kafka.clients.consumer.Consumer<Object, Object> consumer) {
			this.seen.incrementAndGet();
			return record;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listeners.class)
	static class App {

		@Bean
		UserInterceptor userInterceptor() {
			return new UserInterceptor();
		}

		@Bean
		ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> shortPausedPolls() {
			return (container) -> container.getContainerProperties().setPollTimeoutWhilePaused(Duration.ofMillis(5));
		}

	}

}
