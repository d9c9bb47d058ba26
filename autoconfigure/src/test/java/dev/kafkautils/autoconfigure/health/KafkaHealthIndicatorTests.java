package dev.kafkautils.autoconfigure.health;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The {@code kafka} health indicator on the shared broker and on an address where
 * nothing answers, its listener and lag checks, and its auto-configuration.
 */
class KafkaHealthIndicatorTests {

	private static final String TOPIC = TestKafka.uniqueTopic("health");

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withPropertyValues("kafka.utils.provisioning.enabled=false", "spring.kafka.consumer.group-id=health");

	@Test
	void upWithClusterIdAndNodeCount() {
		this.runner.run((context) -> {
			Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("nodes", 1).containsKey("clusterId");
			assertThat(health.getDetails().get("clusterId")).asString().isNotBlank();
		});
	}

	@Test
	void downWithinTheTimeoutWhenNothingAnswers() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort);
		KafkaHealthIndicator indicator = new KafkaHealthIndicator(() -> config, Duration.ofSeconds(1),
				emptyRegistry(), null, null);
		try {
			long start = System.nanoTime();
			Health health = indicator.health();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("error")).asString().contains("within PT1S");
			assertThat(took).isLessThan(Duration.ofMillis(2500));
			// and again, with the admin client already there
			start = System.nanoTime();
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
		}
		finally {
			indicator.destroy();
		}
	}

	@Test
	void downWhenAListenerContainerStopped() {
		TestKafka.createTopics(1, TOPIC);
		this.runner.withUserConfiguration(HealthListener.class)
			.withPropertyValues("health.topic=" + TOPIC)
			.run((context) -> {
				HealthIndicator indicator = context.getBean("kafkaHealthIndicator", HealthIndicator.class);
				KafkaListenerEndpointRegistry containers = context.getBean(KafkaListenerEndpointRegistry.class);
				Health up = indicator.health();
				assertThat(up.getStatus()).isEqualTo(Status.UP);
				assertThat(up.getDetails()).containsEntry("listeners", Map.of("health-listener", "running"));

				containers.getListenerContainer("health-listener").pause();
				Health paused = indicator.health();
				assertThat(paused.getStatus()).isEqualTo(Status.UP);
				assertThat(paused.getDetails()).containsEntry("listeners", Map.of("health-listener", "paused"));

				containers.getListenerContainer("health-listener").stop();
				Health down = indicator.health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsEntry("listeners",
						Map.of("health-listener", "stopped (should be running)"));
			});
	}

	@Test
	void downWhenADeclaredTopicHasFewerInSyncReplicasThanItsMinimum() throws Exception {
		String unwritable = TestKafka.uniqueTopic("health-min-isr");
		try (Admin admin = TestKafka.admin()) {
			// one replica on the one broker, two required: acks=all writes are refused
			admin.createTopics(List.of(new NewTopic(unwritable, 1, (short) 1)
				.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")))).all().get(30, TimeUnit.SECONDS);
		}
		ApplicationContextRunner declared = this.runner.withPropertyValues(
				"kafka.utils.topics.unwritable.name=" + unwritable,
				"kafka.utils.topics.missing.name=" + TestKafka.uniqueTopic("health-missing"));
		declared.run((context) -> {
			Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			// the topic that does not exist is left out
			assertThat(health.getDetails()).containsEntry("partitionsUnwritable",
					List.of(unwritable + "-0 (1 in sync, min.insync.replicas 2)"));
		});
		declared.withPropertyValues("kafka.utils.health.check-partitions=false").run((context) -> {
			Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).doesNotContainKey("partitionsUnwritable");
		});
	}

	@Test
	void outOfServiceWhenTheLagExceedsTheMaximum() {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
		KafkaHealthIndicator lagging = new KafkaHealthIndicator(() -> config, Duration.ofSeconds(5), emptyRegistry(),
				() -> OptionalLong.of(500), 100L);
		KafkaHealthIndicator keepingUp = new KafkaHealthIndicator(() -> config, Duration.ofSeconds(5),
				emptyRegistry(), () -> OptionalLong.of(100), 100L);
		try {
			Health health = lagging.health();
			assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(health.getDetails()).containsEntry("maxLag", 500L).containsEntry("maxLagAllowed", 100L);
			assertThat(keepingUp.health().getStatus()).isEqualTo(Status.UP);
		}
		finally {
			lagging.destroy();
			keepingUp.destroy();
		}
	}

	@Test
	void switchedOffByEitherProperty() {
		this.runner.withPropertyValues("management.health.kafka.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("kafkaHealthIndicator"));
		this.runner.withPropertyValues("kafka.utils.health.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("kafkaHealthIndicator"));
	}

	@Test
	void userIndicatorReplacesIt() {
		this.runner.withUserConfiguration(UserIndicator.class)
			.run((context) -> assertThat(context.getBean("kafkaHealthIndicator"))
				.isNotInstanceOf(KafkaHealthIndicator.class));
	}

	@Test
	void maximumLagNeedsTheLagGauges() {
		this.runner.withPropertyValues("kafka.utils.health.max-lag=1000").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(KafkaUtilsPropertyException.class)
				.hasMessageContaining("kafka.utils.health.max-lag");
		});
		this.runner.withPropertyValues("kafka.utils.health.max-lag=1000")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasNotFailed().hasBean("kafkaHealthIndicator"));
	}

	@SuppressWarnings("unchecked")
	private static ObjectProvider<KafkaListenerEndpointRegistry> emptyRegistry() {
		return mock(ObjectProvider.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class HealthListener {

		@KafkaListener(id = "health-listener", topics = "${health.topic}")
		void on(String value) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicator {

		@Bean
		HealthIndicator kafkaHealthIndicator() {
			return () -> Health.up().build();
		}

	}

}
