package dev.kafkautils.sample;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.devbroker.DevKafkaBroker;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application pointed at an existing cluster with
 * {@code spring.kafka.bootstrap-servers}: it must use that cluster and start no broker
 * of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SampleApplicationWithExternalBrokerTests {

	private static final EmbeddedKafkaKraftBroker cluster = startCluster();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", cluster::getBrokersAsString);
		// a one-node cluster; the dev broker's max-replication default does not apply here
		registry.add("kafka.utils.provisioning.max-replication", () -> "1");
	}

	private static EmbeddedKafkaKraftBroker startCluster() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		// one node: the share coordinator's state topic (the sample's work queue) must fit on it
		broker.brokerProperties(Map.of("share.coordinator.state.topic.replication.factor", "1",
				"share.coordinator.state.topic.min.isr", "1"));
		// not the default spring.kafka.bootstrap-servers: as a JVM-wide system property it
		// would also reach the other test classes' contexts
		broker.brokerListProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
		broker.afterPropertiesSet();
		return broker;
	}

	@Test
	void usesTheConfiguredClusterAndStartsNoBroker() {
		assertThat(this.context.getBeanNamesForType(DevKafkaBroker.class)).isEmpty();
		Object clientBootstrapServers = this.context.getBean(KafkaAdmin.class)
			.getConfigurationProperties()
			.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
		assertThat(clientBootstrapServers).isEqualTo(List.of(cluster.getBrokersAsString().split(",")));
	}

	@Test
	void ordersMakeTheRoundTripThroughTheConfiguredCluster() {
		new SampleAppClient(this.port).placeOrderAndAwaitConsumed("customer-3", 4200, "GBP");
		// created there by the application's NewTopic beans
		assertThat(topicsOfCluster()).contains("orders", "order-audit");
	}

	private static Set<String> topicsOfCluster() {
		return cluster.doWithAdminFunction((admin) -> {
			try {
				return admin.listTopics().names().get(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException | ExecutionException | TimeoutException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * Stops the cluster as the last step of closing this class's context, after the
	 * listener containers have left their group; stopping it in {@code @AfterAll} would
	 * come first and leave consumers waiting for a dead broker.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class StopClusterWithContext {

		@Bean
		DisposableBean stopExternalCluster() {
			return cluster::destroy;
		}

	}

}
