package dev.kafkautils.autoconfigure;

import java.net.ServerSocket;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Real applications, started the way a user starts one: every kafka-utils
 * FailureAnalyzer and the EnvironmentPostProcessor are found through
 * {@code META-INF/spring.factories}, and a failed start-up prints the analysis, naming the
 * property or beans and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	@Test
	void invalidPropertyIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(App.class, "kafka.utils.retry.max-attempts=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property 'kafka.utils.retry.max-attempts' is set to '0'")
			.contains("Set kafka.utils.retry.max-attempts to 1 (no retry) or more");
	}

	@Test
	void unreachableClusterIsExplained(CapturedOutput output) throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		assertThatException().isThrownBy(() -> startWithout(App.class,
				"spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort, "kafka.utils.client.verify-timeout=2s"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("(spring.kafka.bootstrap-servers) did not answer within PT2S")
			.contains("Check that the brokers are running")
			.contains("set kafka.utils.client.verify-connection=false and kafka.utils.provisioning.enabled=false");
	}

	@Test
	void withoutTheCheckProvisioningStillNeedsTheClusterAndSaysSo(CapturedOutput output) throws Exception {
		int closedPort = closedPort();
		assertThatException().isThrownBy(() -> startWithout(App.class,
				"spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort, "kafka.utils.client.verify-connection=false",
				"kafka.utils.provisioning.operation-timeout=2s", "kafka.utils.topics.orders.partitions=1"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("did not answer a topic request within PT2S")
			.contains("kafka.utils.provisioning.enabled=false where topics are managed elsewhere or to start without "
					+ "a cluster");
	}

	@Test
	void startsWithoutAClusterWhenTheCheckAndProvisioningAreOff() throws Exception {
		int closedPort = closedPort();
		try (ConfigurableApplicationContext context = startWithout(App.class,
				"spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort, "kafka.utils.client.verify-connection=false",
				"kafka.utils.provisioning.enabled=false", "kafka.utils.topics.orders.partitions=1")) {
			assertThat(context.isRunning()).isTrue();
			assertThat(context.getBean(KafkaUtilsTemplate.class)).isNotNull();
		}
	}

	@Test
	void clientConfigurationDumpsAreKeptAtWarnUnlessTheApplicationSaysOtherwise() {
		String config = "org.apache.kafka.common.config.AbstractConfig";
		String appInfo = "org.apache.kafka.common.utils.AppInfoParser";
		try (ConfigurableApplicationContext context = start(App.class, "logging.level." + appInfo + "=debug")) {
			LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
			assertThat(logging.getLoggerConfiguration(config).getConfiguredLevel()).isEqualTo(LogLevel.WARN);
			// the application's own level wins
			assertThat(logging.getLoggerConfiguration(appInfo).getConfiguredLevel()).isEqualTo(LogLevel.DEBUG);
		}
		try (ConfigurableApplicationContext context = start(App.class, "kafka.utils.client.quiet-logging=false")) {
			LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
			assertThat(logging.getLoggerConfiguration(config).getConfiguredLevel()).isNull();
		}
	}

	private static int closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void invalidTopicSettingIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(App.class, "kafka.utils.topics.orders.tier=gold"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Topic 'orders' is in tier 'gold', which is not defined")
			.contains("kafka.utils.topics.orders.tier");
	}

	@Test
	void twoRecoverersAreExplainedInsteadOfSkippingFailedRecords(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(TwoRecoverers.class));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("kafka-utils found 2 ConsumerRecordRecoverer beans [first, second]")
			.contains("Mark the ConsumerRecordRecoverer bean to use with @Primary");
	}

	@Test
	void primaryRecovererIsUsed() {
		try (ConfigurableApplicationContext context = start(PrimaryRecoverer.class)) {
			assertThat(context.getBeansOfType(ConsumerRecordRecoverer.class)).hasSize(2);
			assertThat(context.getBeansOfType(DefaultErrorHandler.class)).hasSize(1);
		}
	}

	@Test
	void securitySettingsReachSpringBootsKafkaProperties() {
		try (ConfigurableApplicationContext context = start(App.class, "kafka.utils.security.sasl.mechanism=PLAIN",
				"kafka.utils.client.verify-connection=false", "kafka.utils.provisioning.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_SSL");
			assertThat(context.getEnvironment().getProperty("spring.kafka.properties.sasl.mechanism"))
				.isEqualTo("PLAIN");
		}
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("spring.application.name=startup-report", TestKafka.bootstrapProperty(),
					"kafka.utils.provisioning.max-replication=1")
			.properties(properties)
			.run();
	}

	/** Without the shared broker's address: the application's arguments name the cluster. */
	private static ConfigurableApplicationContext startWithout(Class<?> application, String... arguments) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("spring.application.name=startup-report")
			.run(java.util.Arrays.stream(arguments).map((argument) -> "--" + argument).toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TwoRecoverers {

		@Bean
		ConsumerRecordRecoverer first() {
			return (ConsumerRecord<?, ?> record, Exception ex) -> {
			};
		}

		@Bean
		ConsumerRecordRecoverer second() {
			return (ConsumerRecord<?, ?> record, Exception ex) -> {
			};
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PrimaryRecoverer {

		@Bean
		@Primary
		ConsumerRecordRecoverer first() {
			return (ConsumerRecord<?, ?> record, Exception ex) -> {
			};
		}

		@Bean
		ConsumerRecordRecoverer second() {
			return (ConsumerRecord<?, ?> record, Exception ex) -> {
			};
		}

	}

}
