package dev.kafkautils.autoconfigure.producer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.metrics.KafkaUtilsMetrics;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's own plain {@link KafkaTemplate} bean, against the real broker: it gets
 * the correlation id header and the send meters as the auto-configured template does,
 * its own producer listener and interceptor keep working, and start-up says in one line
 * what it lacks. A {@link KafkaUtilsTemplate} of the application's own lacks nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlainKafkaTemplateTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("kafka.utils.metrics.lag.enabled=false");

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void aPlainTemplateCarriesCorrelationIdsAndFeedsTheSendMeters(CapturedOutput output) {
		String topic = TestKafka.uniqueTopic("plain");
		TestKafka.createTopics(1, topic);
		this.runner.withUserConfiguration(UserTemplate.class).run((context) -> {
			KafkaTemplate<Object, Object> template = context.getBean("userTemplate", KafkaTemplate.class);
			MDC.put("correlationId", "c-42");
			template.send(topic, "k", "v").get(10, TimeUnit.SECONDS);
			MDC.remove("correlationId");

			ConsumerRecord<String, byte[]> sent = TestKafka.readRaw(topic, 1, WAIT).get(0);
			assertThat(TestKafka.header(sent, "correlation_id")).contains("c-42");
			assertThat(TestKafka.header(sent, "own")).contains("yes");
			assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo("v");

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// the producer listener runs after the send future completed
			await().atMost(WAIT)
				.until(() -> meters.find(KafkaUtilsMetrics.PRODUCER_RECORDS).tag("topic", topic).counter() != null);
			assertThat(meters.get(KafkaUtilsMetrics.PRODUCER_RECORDS).tag("topic", topic).counter().count())
				.isEqualTo(1);
			assertThat(meters.get(KafkaUtilsMetrics.PRODUCER_LATENCY).tag("topic", topic).timer().count())
				.isEqualTo(1);
			UserTemplate user = context.getBean(UserTemplate.class);
			await().atMost(WAIT).until(() -> user.acknowledged.size() == 1);
			assertThat(user.acknowledged.get(0).topic()).isEqualTo(topic);
			assertThat(user.ownHeader.acknowledgements).hasValue(1);
			assertThat(output).contains("KafkaTemplate bean 'userTemplate' is not a KafkaUtilsTemplate: "
					+ "kafka-utils added its send listeners and producer interceptors to it");
		});
	}

	@Test
	void startUpSaysThatAPlainTemplateIgnoresTheTopicPrefix(CapturedOutput output) {
		this.runner.withUserConfiguration(UserTemplate.class)
			.withPropertyValues("kafka.utils.topic-prefix=shop.", "kafka.utils.client.verify-connection=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<String> lines = output.getOut()
					.lines()
					.filter((line) -> line.contains("KafkaTemplate bean 'userTemplate'"))
					.toList();
				assertThat(lines).singleElement()
					.asString()
					.contains("WARN")
					.contains("it sends to topic names as written, without the topic prefix 'shop.' "
							+ "(kafka.utils.topic-prefix)")
					.contains("define the bean as a KafkaUtilsTemplate");
			});
	}

	@Test
	void aKafkaUtilsTemplateOfTheApplicationsOwnKeepsEverything(CapturedOutput output) {
		String topic = TestKafka.uniqueTopic("own-utils");
		TestKafka.createTopics(1, "own." + topic);
		this.runner.withUserConfiguration(UserKafkaUtilsTemplate.class)
			.withPropertyValues("kafka.utils.topic-prefix=own.")
			.run((context) -> {
				KafkaUtilsTemplate template = context.getBean("ownTemplate", KafkaUtilsTemplate.class);
				MDC.put("correlationId", "c-43");
				template.sendAndWait(topic, "k", "v");
				MDC.remove("correlationId");
				ConsumerRecord<String, byte[]> sent = TestKafka.readRaw("own." + topic, 1, WAIT).get(0);
				assertThat(TestKafka.header(sent, "correlation_id")).contains("c-43");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(WAIT)
					.until(() -> meters.find(KafkaUtilsMetrics.PRODUCER_LATENCY)
						.tag("topic", "own." + topic)
						.timer() != null);
				assertThat(meters.get(KafkaUtilsMetrics.PRODUCER_LATENCY).tag("topic", "own." + topic).timer().count())
					.isEqualTo(1);
				assertThat(output).doesNotContain("is not a KafkaUtilsTemplate");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserKafkaUtilsTemplate {

		@Bean
		@SuppressWarnings("unchecked")
		KafkaUtilsTemplate ownTemplate(ProducerFactory<?, ?> producerFactory, TopicNames topicNames,
				ProducerProperties properties) {
			return new KafkaUtilsTemplate((ProducerFactory<String, Object>) producerFactory, topicNames,
					properties.getSendTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplate {

		final List<ProducerRecord<Object, Object>> acknowledged = new CopyOnWriteArrayList<>();

		final OwnHeader ownHeader = new OwnHeader();

		@Bean
		KafkaTemplate<Object, Object> userTemplate(ProducerFactory<Object, Object> producerFactory) {
			KafkaTemplate<Object, Object> template = new KafkaTemplate<>(producerFactory);
			template.setProducerListener(new ProducerListener<>() {

				@Override
				public void onSuccess(ProducerRecord<Object, Object> record, RecordMetadata metadata) {
					UserTemplate.this.acknowledged.add(record);
				}

			});
			template.setProducerInterceptor(this.ownHeader);
			return template;
		}

	}

	static final class OwnHeader implements ProducerInterceptor<Object, Object> {

		@Override
		public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
			record.headers().add("own", "yes".getBytes(StandardCharsets.UTF_8));
			return record;
		}

		final AtomicInteger acknowledgements = new AtomicInteger();

		@Override
		public void onAcknowledgement(@Nullable RecordMetadata metadata, @Nullable Exception exception) {
			this.acknowledgements.incrementAndGet();
		}

		@Override
		public void close() {
		}

		@Override
		public void configure(Map<String, ?> configs) {
		}

	}

}
