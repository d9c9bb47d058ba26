package dev.kafkautils.autoconfigure.producer;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configured template: its type, its override points, Spring Boot's template
 * properties, the blocking send and the warning when it cannot keep its timeout.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaTemplateAutoConfigurationTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void templateIsKafkaUtilsTemplate() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(KafkaTemplate.class)
			.getBean(KafkaTemplate.class)
			.isInstanceOf(KafkaUtilsTemplate.class));
	}

	@Test
	void userTemplateReplacesIt() {
		this.runner.withUserConfiguration(UserTemplate.class).run((context) -> {
			assertThat(context).hasSingleBean(KafkaTemplate.class).doesNotHaveBean(KafkaUtilsTemplate.class);
			assertThat(context.getBean(KafkaTemplate.class)).isSameAs(context.getBean("userTemplate"));
		});
	}

	@Test
	void disabledStarterLeavesSpringBootsTemplate() {
		this.runner.withPropertyValues("kafka.utils.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(KafkaTemplate.class)
				.doesNotHaveBean(KafkaUtilsTemplate.class));
	}

	@Test
	void springBootTemplatePropertiesApply() {
		this.runner
			.withPropertyValues("spring.kafka.template.default-topic=audit",
					"spring.kafka.template.observation-enabled=true")
			.run((context) -> {
				KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
				assertThat(template.getDefaultTopic()).isEqualTo("audit");
			});
	}

	@Test
	void sendAndWaitReturnsTheAcknowledgedOffset() {
		String topic = TestKafka.uniqueTopic("send-and-wait");
		TestKafka.createTopics(1, topic);
		this.runner.run((context) -> {
			KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
			SendResult<String, Object> first = template.sendAndWait(topic, "k", "one");
			SendResult<String, Object> second = template.sendAndWait(topic, "k", "two");
			assertThat(first.getRecordMetadata().topic()).isEqualTo(topic);
			assertThat(second.getRecordMetadata().offset()).isEqualTo(first.getRecordMetadata().offset() + 1);
			assertThat(TestKafka.readRaw(topic, 2, Duration.ofSeconds(10))).hasSize(2);
		});
	}

	@Test
	void sendAndWaitSaysTheRecordWasNotSentWhenTheClusterIsUnreachable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		this.runner
			.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort,
					"kafka.utils.client.verify-connection=false", "kafka.utils.producer.send-timeout=1s",
					"spring.kafka.producer.properties[max.block.ms]=1000")
			.run((context) -> {
				KafkaUtilsTemplate template = context.getBean(KafkaUtilsTemplate.class);
				long start = System.nanoTime();
				assertThatExceptionOfType(KafkaSendTimeoutException.class)
					.isThrownBy(() -> template.sendAndWait("orders", "k", "v"))
					.withMessageContaining("'orders' was not sent")
					.satisfies((ex) -> {
						assertThat(ex.wasSent()).isFalse();
						assertThat(ex.getTimeout()).isEqualTo(Duration.ofSeconds(1));
					});
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			});
	}

	@Test
	void aSendTimeoutShorterThanMaxBlockIsWarnedAbout(CapturedOutput output) {
		this.runner.withPropertyValues("kafka.utils.client.verify-connection=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("sendAndWait can take up to max.block.ms");
		});
		this.runner
			.withPropertyValues("kafka.utils.client.verify-connection=false", "kafka.utils.producer.send-timeout=2s")
			.run((context) -> assertThat(output).contains(
					"kafka.utils.producer.send-timeout is PT2S but the producer's max.block.ms is 10000 ms: "
							+ "sendAndWait can take up to max.block.ms"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplate {

		@Bean
		KafkaTemplate<Object, Object> userTemplate(ProducerFactory<Object, Object> producerFactory) {
			return new KafkaTemplate<>(producerFactory);
		}

	}

}
