package dev.kafkautils.sample.devbroker;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Starts a single-node KRaft broker inside this JVM when the application is not told
 * where Kafka is, so the sample runs on a machine without Kafka or Docker. The broker
 * reaches Spring Boot's Kafka auto-configuration as a {@link KafkaConnectionDetails}
 * bean, the abstraction {@code @ServiceConnection} uses too, so nothing else in the
 * application knows that it talks to a development broker.
 * <p>
 * Inactive when {@code spring.kafka.bootstrap-servers} is set, and when another
 * {@link KafkaConnectionDetails} bean is already registered (a Testcontainers
 * {@code @ServiceConnection}, whose bean definitions exist before this class is parsed).
 * <p>
 * The broker keeps its data in a temporary directory that Kafka's test kit deletes from
 * its own JVM shutdown hook. That hook runs in parallel with Spring's, so on Ctrl-C the
 * broker may log disk errors while it stops; they are harmless, the data is throwaway.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoBootstrapServersCondition.class)
@ConditionalOnMissingBean(KafkaConnectionDetails.class)
public class DevKafkaBrokerConfiguration {

	private static final Log logger = LogFactory.getLog(DevKafkaBrokerConfiguration.class);

	/**
	 * One broker on a free port with one partition per auto-created topic. Spring starts
	 * it ({@code afterPropertiesSet}) before any bean that needs it and stops it
	 * ({@code destroy}) after them.
	 * @return the broker, not yet started
	 */
	@Bean
	EmbeddedKafkaKraftBroker devKafkaBroker() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		// By default the broker publishes its address as the JVM-wide system property
		// spring.kafka.bootstrap-servers, which would switch this configuration off for every
		// later context in the JVM and point them at this broker. Publish it under the name
		// it always sets anyway instead.
		broker.brokerListProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
		return broker;
	}

	@Bean
	KafkaConnectionDetails devKafkaConnectionDetails(EmbeddedKafkaKraftBroker devKafkaBroker) {
		// the broker is an InitializingBean, so it has started by the time it is injected here
		List<String> bootstrapServers = List.of(devKafkaBroker.getBrokersAsString().split(","));
		logger.info("Started dev Kafka broker at " + String.join(",", bootstrapServers)
				+ "; set spring.kafka.bootstrap-servers to use another cluster");
		return new DevBrokerConnectionDetails(bootstrapServers);
	}

	/**
	 * Where the development broker listens. It has a single plaintext listener, whatever
	 * {@code spring.kafka.security.protocol} says.
	 */
	static final class DevBrokerConnectionDetails implements KafkaConnectionDetails {

		private final List<String> bootstrapServers;

		DevBrokerConnectionDetails(List<String> bootstrapServers) {
			this.bootstrapServers = bootstrapServers;
		}

		@Override
		public List<String> getBootstrapServers() {
			return this.bootstrapServers;
		}

		@Override
		public String getSecurityProtocol() {
			return "PLAINTEXT";
		}

	}

}
