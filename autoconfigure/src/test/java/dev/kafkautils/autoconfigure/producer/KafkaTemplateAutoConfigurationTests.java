package dev.kafkautils.autoconfigure.producer;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configured template: its type, its override points, Spring Boot's template
 * properties and the blocking send.
 */
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
	void sendAndWaitFailsClearlyWhenTheBrokerDoesNotAcknowledge() throws IOException {
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
					.withMessageContaining("'orders'")
					.withMessageContaining("kafka.utils.producer.send-timeout")
					.satisfies((ex) -> assertThat(ex.getTimeout()).isEqualTo(Duration.ofSeconds(1)));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplate {

		@Bean
		KafkaTemplate<Object, Object> userTemplate(ProducerFactory<Object, Object> producerFactory) {
			return new KafkaTemplate<>(producerFactory);
		}

	}

}
