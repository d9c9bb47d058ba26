package dev.kafkautils.devbroker;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Starts a single-node KRaft broker inside this JVM when the application is not told where
 * Kafka is, so it runs on a machine without Kafka or Docker. The broker reaches Spring
 * Boot's Kafka auto-configuration as a {@link KafkaConnectionDetails} bean, the
 * abstraction {@code @ServiceConnection} uses too, so nothing else in the application
 * knows that it talks to a development broker.
 * <p>
 * Inactive when {@code spring.kafka.bootstrap-servers} is set, when another
 * {@link KafkaConnectionDetails} bean is registered (a Testcontainers
 * {@code @ServiceConnection}, {@code kafka-utils-test}'s {@code @KafkaBrokers}) and when
 * {@code kafka.utils.devbroker.enabled=false}.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass({ EmbeddedKafkaKraftBroker.class, KafkaConnectionDetails.class })
@ConditionalOnBooleanProperty(name = DevBrokerProperties.PREFIX + ".enabled", matchIfMissing = true)
@Conditional(NoBootstrapServersCondition.class)
@ConditionalOnMissingBean(KafkaConnectionDetails.class)
@EnableConfigurationProperties(DevBrokerProperties.class)
public final class DevKafkaBrokerAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DevKafkaBrokerAutoConfiguration.class);

	@Bean
	static DevBrokerDefaults devKafkaBrokerDefaults(ConfigurableEnvironment environment) {
		return new DevBrokerDefaults(environment);
	}

	@Bean
	DevKafkaBroker devKafkaBroker(DevBrokerProperties properties, Environment environment) {
		if (properties.isQuiet()) {
			BrokerLogLevels.applyTo(environment);
		}
		return new DevKafkaBroker();
	}

	@Bean
	KafkaConnectionDetails devKafkaConnectionDetails(DevKafkaBroker devKafkaBroker) {
		// the broker is an InitializingBean, so it has started by the time it is injected here
		logger.info("Started dev Kafka broker at " + devKafkaBroker.getBootstrapServers()
				+ "; set spring.kafka.bootstrap-servers to use another cluster");
		return new DevBrokerConnectionDetails(devKafkaBroker);
	}

}
