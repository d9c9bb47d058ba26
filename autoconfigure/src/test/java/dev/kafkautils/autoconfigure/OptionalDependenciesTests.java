package dev.kafkautils.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import dev.kafkautils.autoconfigure.support.MissingDependencies;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Each optional dependency left out of a whole application (every auto-configuration on
 * the test classpath, as {@code @EnableAutoConfiguration} finds them): the context starts,
 * and a record of the payload kind that remains makes a round trip through the broker.
 * {@link MissingDependencies} leaves the dependency out for kafka-utils' own classes too,
 * so a class that refers to it where it should not fails here as it would in the
 * application.
 */
class OptionalDependenciesTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String JACKSON = "tools.jackson";

	/** Jackson 3 keeps its annotations in the Jackson 2 package. */
	private static final String JACKSON_ANNOTATIONS = "com.fasterxml.jackson";

	private static final String PROTOBUF = "com.google.protobuf";

	private static final String ACTUATOR = "org.springframework.boot.actuate";

	private static final String HEALTH = "org.springframework.boot.health";

	private static final String MICROMETER = "io.micrometer.core";

	private static final String TRACING = "io.micrometer.tracing";

	@Test
	void withoutJacksonProtobufTextAndBytesAreSentAndProtobufIsReceived() {
		String topic = TestKafka.uniqueTopic("no-jackson-stamps");
		String raw = TestKafka.uniqueTopic("no-jackson-raw");
		TestKafka.createTopics(1, topic, raw);
		app(ProtobufListener.class, topic, JACKSON, JACKSON_ANNOTATIONS).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JsonMapper.class);
			Timestamp stamp = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(7).build();
			template(context).send(topic, "k", stamp).get(10, TimeUnit.SECONDS);
			ProtobufListener listener = context.getBean(ProtobufListener.class);
			await().atMost(WAIT).untilAsserted(() -> assertThat(listener.received).containsExactly(stamp));

			template(context).send(raw, "text", "hello").get(10, TimeUnit.SECONDS);
			template(context).send(raw, "bytes", new byte[] { 1, 2, 3 }).get(10, TimeUnit.SECONDS);
			List<ConsumerRecord<String, byte[]>> records = TestKafka.readRaw(raw, 2, WAIT);
			assertThat(records).extracting(ConsumerRecord::key).containsExactly("text", "bytes");
			assertThat(records.get(0).value()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
			assertThat(TestKafka.header(records.get(0), "content-type")).contains("text/plain");
			assertThat(records.get(1).value()).containsExactly(1, 2, 3);
		});
	}

	@Test
	void withoutJacksonSendingAJsonValueFailsNamingTheDependency() {
		String topic = TestKafka.uniqueTopic("no-jackson-send");
		TestKafka.createTopics(1, topic);
		app(NoListener.class, topic, JACKSON, JACKSON_ANNOTATIONS).run((context) -> {
			assertThat(context).hasNotFailed();
			Throwable failure = catchThrowable(
					() -> template(context).send(topic, "k", new Order("o-1", 5)).get(10, TimeUnit.SECONDS));
			assertThat(failure).isNotNull();
			assertThat(exceptionMessages(failure)).contains(Order.class.getName())
				.contains("as JSON for topic '" + topic + "'")
				.contains("spring-boot-starter-jackson");
		});
	}

	@Test
	void withoutJacksonAConfiguredJsonTypeFailsStartupNamingThePropertyAndTheDependency() {
		app(NoListener.class, "unused", JACKSON, JACKSON_ANNOTATIONS)
			.withPropertyValues("kafka.utils.topics.orders.type=" + Order.class.getName())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(exceptionMessages(context.getStartupFailure()))
					.contains("kafka.utils.topics.orders.type=" + Order.class.getName())
					.contains("spring-boot-starter-jackson");
			});
	}

	@Test
	void withoutJacksonAListenerParameterThatNeedsJsonDeadLettersTheRecordAndTheFailureEventIsWritten() {
		String topic = TestKafka.uniqueTopic("no-jackson-orders");
		String errors = TestKafka.uniqueTopic("no-jackson-errors");
		TestKafka.createTopics(1, topic, "dlq." + topic, errors);
		app(JsonListener.class, topic, JACKSON, JACKSON_ANNOTATIONS)
			.withPropertyValues("kafka.utils.errors.topic=" + errors)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				byte[] json = "{\"id\":\"o-1\",\"amountCents\":5}".getBytes(StandardCharsets.UTF_8);
				TestKafka.sendRaw(new ProducerRecord<>(topic, "o-1", json));
				ConsumerRecord<String, byte[]> dead = TestKafka.readRaw("dlq." + topic, 1, WAIT).get(0);
				assertThat(dead.value()).isEqualTo(json);
				assertThat(TestKafka.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE).orElseThrow())
					.contains(Order.class.getName())
					.contains("spring-boot-starter-jackson");
				ConsumerRecord<String, byte[]> event = TestKafka.readRaw(errors, 1, WAIT).get(0);
				JsonNode fields = JsonMapper.shared().readTree(event.value());
				assertThat(fields.get("topic").asString()).isEqualTo(topic);
				assertThat(fields.get("key").asString()).isEqualTo("o-1");
				assertThat(fields.get("reason").asString()).isEqualTo("undeserialisable");
				assertThat(fields.get("deadLetterTopic").asString()).isEqualTo("dlq." + topic);
				assertThat(context.getBean(JsonListener.class).received).isEmpty();
			});
	}

	@Test
	void withoutProtobufJsonMakesARoundTrip() {
		assertJsonRoundTrip(new String[] { PROTOBUF }, (context) -> {
		});
	}

	@Test
	void withoutActuatorThereIsNoEndpointNorHealthIndicator() {
		assertJsonRoundTrip(new String[] { ACTUATOR, HEALTH }, (context) -> assertThat(context)
			.doesNotHaveBean("kafkaDeadLetterEndpoint")
			.doesNotHaveBean("kafkaHealthIndicator"));
	}

	@Test
	void withoutSpringBootHealthThereIsNoHealthIndicator() {
		assertJsonRoundTrip(new String[] { HEALTH },
				(context) -> assertThat(context).doesNotHaveBean("kafkaHealthIndicator"));
	}

	@Test
	void withoutMicrometerThereAreNoMeters() {
		assertJsonRoundTrip(new String[] { MICROMETER },
				(context) -> assertThat(context).doesNotHaveBean("kafkaUtilsMetrics"));
	}

	@Test
	void withoutMicrometerAMaximumLagFailsStartupNamingTheProperty() {
		app(NoListener.class, "unused", MICROMETER).withPropertyValues("kafka.utils.health.max-lag=100")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(exceptionMessages(context.getStartupFailure())).contains("kafka.utils.health.max-lag=100")
					.contains("lag gauges");
			});
	}

	@Test
	void withoutMicrometerTracingRecordsCarryNoTraceAndListenersAreNotObserved() {
		assertJsonRoundTrip(new String[] { TRACING }, (context) -> {
			assertThat(context).doesNotHaveBean("kafkaUtilsTracePropagatingProducerInterceptor");
			assertThat(context.getBeansOfType(AbstractKafkaListenerContainerFactory.class).values())
				.allSatisfy((factory) -> assertThat(factory.getContainerProperties().isObservationEnabled()).isFalse());
		});
	}

	@Test
	void withEverythingTheOptionalBeansExist() {
		String topic = TestKafka.uniqueTopic("everything");
		TestKafka.createTopics(1, topic);
		app(JsonListener.class, topic).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasBean("kafkaDeadLetterEndpoint")
				.hasBean("kafkaHealthIndicator")
				.hasBean("kafkaUtilsMetrics")
				.hasBean("kafkaUtilsTracePropagatingProducerInterceptor");
		});
	}

	private void assertJsonRoundTrip(String[] hiddenPackages, ContextConsumer<AssertableApplicationContext> checks) {
		String topic = TestKafka.uniqueTopic("json-round-trip");
		TestKafka.createTopics(1, topic);
		app(JsonListener.class, topic, hiddenPackages).run((context) -> {
			assertThat(context).hasNotFailed();
			Order order = new Order("o-1", 42);
			template(context).send(topic, "k", order).get(10, TimeUnit.SECONDS);
			JsonListener listener = context.getBean(JsonListener.class);
			await().atMost(WAIT).untilAsserted(() -> assertThat(listener.received).containsExactly(order));
			checks.accept(context);
		});
	}

	/**
	 * An application of every auto-configuration on the classpath but the hidden
	 * packages, with the kafkadlq endpoint exposed and tracing on, so that each optional
	 * part would be there with its dependency.
	 */
	private static ApplicationContextRunner app(Class<?> listener, String topic, String... hiddenPackages) {
		return new ApplicationContextRunner().withClassLoader(new MissingDependencies(hiddenPackages))
			.withUserConfiguration(App.class, listener)
			.withPropertyValues(TestKafka.bootstrapProperty(), "spring.application.name=optional-it",
					"spring.kafka.consumer.group-id=" + topic, "test.topic=" + topic,
					"kafka.utils.provisioning.enabled=false", "management.endpoints.web.exposure.include=kafkadlq",
					"management.tracing.sampling.probability=1.0");
	}

	@SuppressWarnings("unchecked")
	private static KafkaTemplate<String, Object> template(AssertableApplicationContext context) {
		return context.getBean(KafkaTemplate.class);
	}

	private static String exceptionMessages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	/** A JSON payload. */
	public record Order(String id, long amountCents) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	static class NoListener {

	}

	static class ProtobufListener {

		final List<Timestamp> received = new CopyOnWriteArrayList<>();

		@KafkaListener(topics = "${test.topic}")
		void on(Timestamp stamp) {
			this.received.add(stamp);
		}

	}

	static class JsonListener {

		final List<Order> received = new CopyOnWriteArrayList<>();

		@KafkaListener(topics = "${test.topic}")
		void on(Order order) {
			this.received.add(order);
		}

	}

}
