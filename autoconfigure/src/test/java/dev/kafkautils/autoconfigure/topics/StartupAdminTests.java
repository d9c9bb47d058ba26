package dev.kafkautils.autoconfigure.topics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kafkautils.autoconfigure.core.StartupAdmin;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up creates one admin client for the connection check and provisioning together,
 * and lets it go once the context has refreshed.
 */
class StartupAdminTests {

	private final String prefix = TestKafka.uniqueTopic("startup") + ".";

	private final AtomicInteger clientsCreated = new AtomicInteger();

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withConfiguration(AutoConfigurations.of(KafkaTopicsAutoConfiguration.class))
		.withPropertyValues("kafka.utils.topic-prefix=" + this.prefix, "kafka.utils.provisioning.max-replication=1",
				"kafka.utils.topics.orders.tier=standard")
		.withBean(StartupAdmin.class, () -> new StartupAdmin(() -> {
			this.clientsCreated.incrementAndGet();
			return new KafkaAdmin(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))
				.getConfigurationProperties();
		}));

	@Test
	void theConnectionCheckAndProvisioningShareOneClient() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			try (Admin admin = TestKafka.admin()) {
				Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
				assertThat(topics).contains(this.prefix + "orders");
			}
			assertThat(this.clientsCreated).as("admin clients created during start-up").hasValue(1);
			// released after the refresh: asking again creates a new client
			Admin after = context.getBean(StartupAdmin.class).get();
			assertThat(after.describeCluster().clusterId().get(10, TimeUnit.SECONDS)).isNotBlank();
			assertThat(this.clientsCreated).hasValue(2);
		});
	}

	@Test
	void withoutProvisioningTheConnectionCheckAloneCreatesIt() {
		this.runner.withPropertyValues("kafka.utils.provisioning.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.clientsCreated).hasValue(1);
		});
	}

	@Test
	void withNeitherNoClientIsCreated() {
		this.runner
			.withPropertyValues("kafka.utils.provisioning.enabled=false", "kafka.utils.client.verify-connection=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.clientsCreated).hasValue(0);
			});
	}

}
