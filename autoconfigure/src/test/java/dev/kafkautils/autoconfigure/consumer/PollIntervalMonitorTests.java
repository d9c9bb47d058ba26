package dev.kafkautils.autoconfigure.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener slower than {@code max.poll.interval.ms} on the shared broker: noticed once
 * (the monitor, its meter, the health details), the record delivered again after the
 * group took the partition back, and idle polls longer than the interval never counted.
 */
class PollIntervalMonitorTests {

	private static final String TOPIC = TestKafka.uniqueTopic("slow-listener");

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(SlowListener.class)
		.withPropertyValues("kafka.utils.provisioning.enabled=false", "slow.topic=" + TOPIC,
				"spring.kafka.consumer.group-id=slow-listener",
				"spring.kafka.consumer.properties[max.poll.interval.ms]=1500",
				// an idle poll alone takes longer than max.poll.interval.ms: it must not count
				"spring.kafka.listener.poll-timeout=2s");

	@Test
	void aListenerSlowerThanTheMaximumPollIntervalIsReportedOnceAndItsRecordComesAgain() {
		TestKafka.createTopics(1, TOPIC);
		this.runner.run((context) -> {
			PollIntervalMonitor monitor = context.getBean(PollIntervalMonitor.class);
			SlowListener listener = context.getBean(SlowListener.class);
			@SuppressWarnings("unchecked")
			KafkaTemplate<String, Object> template = context.getBean(KafkaTemplate.class);
			template.send(TOPIC, "fast", "fast");
			await().atMost(Duration.ofSeconds(30)).until(() -> listener.deliveries("fast") == 1);
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> monitor.exceeded() == 0);

			template.send(TOPIC, "slow", "slow");
			await().atMost(Duration.ofSeconds(60)).until(() -> monitor.exceeded() == 1);
			PollIntervalMonitor.Breach breach = monitor.lastBreach();
			assertThat(breach).isNotNull();
			assertThat(breach.group()).isEqualTo("slow-listener");
			assertThat(breach.took()).isGreaterThan(Duration.ofMillis(1500));
			assertThat(context.getBean(MeterRegistry.class)
				.get("kafka.utils.consumer.poll.interval.exceeded")
				.functionCounter()
				.count()).isEqualTo(1.0);
			Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getDetails().get("pollIntervalExceeded")).isInstanceOfSatisfying(Map.class,
					(details) -> assertThat(details).containsEntry("count", 1L)
						.extractingByKey("last")
						.asString()
						.contains("group slow-listener", "max.poll.interval.ms 1500"));
			// its offset could not be committed: the record comes again, once fast
			await().atMost(Duration.ofSeconds(60)).until(() -> listener.deliveries("slow") == 2);
			assertThat(monitor.exceeded()).isEqualTo(1);
		});
	}

	static class SlowListener {

		private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

		int deliveries(String key) {
			AtomicInteger count = this.deliveries.get(key);
			return (count != null) ? count.get() : 0;
		}

		@KafkaListener(topics = "${slow.topic}")
		void on(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) throws InterruptedException {
			int delivery = this.deliveries.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			if ("slow".equals(key) && delivery == 1) {
				// the listener's own work, longer than max.poll.interval.ms
				Thread.sleep(2_500);
			}
		}

	}

}
