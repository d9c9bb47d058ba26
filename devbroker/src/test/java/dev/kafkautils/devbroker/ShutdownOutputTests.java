package dev.kafkautils.devbroker;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing an application that used the dev broker, with a listener container in a group
 * and a producer that has sent: the broker stops after the clients, so neither the
 * clients nor the broker have anything to warn about.
 * <p>
 * Closed from the test thread, a broker that stopped first would not always make the
 * clients warn within the test, so the order Spring destroys the beans in is asserted as
 * well. The race with the test kit's JVM shutdown hooks happens only when the JVM exits
 * (Ctrl-C) and is not covered here.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownOutputTests {

	private static final String TOPIC = "dev-broker-shutdown";

	// Spring Boot's console pattern (logback-test.xml): timestamp, then the level
	private static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\s");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DevKafkaBrokerAutoConfiguration.class, KafkaAutoConfiguration.class))
		.withUserConfiguration(ListenerConfiguration.class)
		.withPropertyValues("spring.kafka.consumer.auto-offset-reset=earliest");

	@Test
	void closingTheContextLogsNoWarningOrError(CapturedOutput output) {
		AtomicInteger closingFrom = new AtomicInteger();
		this.runner.run((context) -> {
			DevKafkaBrokerAutoConfigurationTests.awaitPartition(context.getBean(KafkaAdmin.class), TOPIC);
			@SuppressWarnings("unchecked")
			KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
			template.send(TOPIC, "key-1", "hello").get(10, TimeUnit.SECONDS);
			assertThat(context.getBean(RecordingListener.class).received.await(30, TimeUnit.SECONDS)).isTrue();
			// Spring destroys a bean after the beans that depend on it: the broker goes last
			assertThat(context.getBeanFactory().getDependentBeans("devKafkaBroker"))
				.contains("devKafkaConnectionDetails");
			assertThat(context.getBeanFactory().getDependentBeans("devKafkaConnectionDetails"))
				.contains("kafkaProducerFactory", "kafkaConsumerFactory", "kafkaAdmin");
			closingFrom.set(output.getAll().length());
		});
		String closing = output.getAll().substring(closingFrom.get());
		// the capture sees what the clients log while the context closes
		assertThat(closing).contains("partitions revoked");
		List<String> warningsAndErrors = closing.lines()
			.filter((line) -> WARN_OR_ERROR.matcher(line).find() || line.startsWith("\tat "))
			.toList();
		assertThat(warningsAndErrors).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		@Bean
		NewTopic shutdownTopic() {
			return new NewTopic(TOPIC, 1, (short) 1);
		}

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

	static class RecordingListener {

		final CountDownLatch received = new CountDownLatch(1);

		@KafkaListener(topics = TOPIC, groupId = "shutdown")
		void on(String value) {
			this.received.countDown();
		}

	}

}
