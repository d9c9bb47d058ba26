package dev.kafkautils.autoconfigure.metrics;

import java.time.Duration;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * spring-kafka's own per-record timers are off while the kafka-utils meters time the same
 * sends, and a property keeps them: a real send shows which timers recorded it.
 */
class SpringKafkaTimersTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("kafka.utils.provisioning.enabled=false");

	@Test
	void aSendIsTimedOnceByDefault() {
		String topic = TestKafka.uniqueTopic("timed-once");
		TestKafka.createTopics(1, topic);
		this.runner.run((context) -> {
			context.getBean(KafkaUtilsTemplate.class).sendAndWait(topic, "k", "v", Duration.ofSeconds(30));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// KafkaTemplate completes the future before it calls its producer listener, which feeds the meters
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.find(KafkaUtilsMetrics.PRODUCER_LATENCY).tag("topic", topic).timer() != null);
			assertThat(registry.find("spring.kafka.template").timers()).isEmpty();
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getContainerProperties()
				.isMicrometerEnabled()).isFalse();
		});
	}

	@Test
	void springKafkaTimersCanBeKept() {
		String topic = TestKafka.uniqueTopic("timed-twice");
		TestKafka.createTopics(1, topic);
		this.runner.withPropertyValues("kafka.utils.metrics.spring-kafka-timers=true").run((context) -> {
			context.getBean(KafkaUtilsTemplate.class).sendAndWait(topic, "k", "v", Duration.ofSeconds(30));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("spring.kafka.template").timers()).isNotEmpty();
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getContainerProperties()
				.isMicrometerEnabled()).isTrue();
		});
	}

}
