package dev.kafkautils.autoconfigure.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.autoconfigure.core.AdminConfigs;
import dev.kafkautils.autoconfigure.core.StartupAdmin;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Checks once at start-up that the cluster answers, so a wrong or unreachable
 * {@code spring.kafka.bootstrap-servers} fails start-up within a bounded time with a
 * clear message instead of leaving consumers retrying in the background. A cluster that
 * refuses the credentials fails start-up at once, with a message naming the security
 * properties instead of the addresses.
 */
class ConnectionVerifier implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ConnectionVerifier.class);

	private final ObjectProvider<KafkaAdmin> kafkaAdmin;

	private final StartupAdmin startupAdmin;

	private final Duration timeout;

	ConnectionVerifier(ObjectProvider<KafkaAdmin> kafkaAdmin, StartupAdmin startupAdmin, Duration timeout) {
		this.kafkaAdmin = kafkaAdmin;
		this.startupAdmin = startupAdmin;
		this.timeout = timeout;
	}

	@Override
	public void afterSingletonsInstantiated() {
		KafkaAdmin kafkaAdmin = this.kafkaAdmin.getIfAvailable();
		if (kafkaAdmin == null) {
			return;
		}
		int timeoutMs = AdminConfigs.timeoutMs(this.timeout);
		String bootstrapServers = String
			.valueOf(kafkaAdmin.getConfigurationProperties().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
		try {
			// the start-up admin client, which provisioning then uses too: one client to create and connect
			Admin admin = this.startupAdmin.get();
			String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
				.clusterId()
				.get(timeoutMs, TimeUnit.MILLISECONDS);
			logger.debug("Kafka cluster " + clusterId + " at " + bootstrapServers + " answered");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.startupAdmin.release();
			throw new KafkaUnreachableException(bootstrapServers, this.timeout, ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			this.startupAdmin.release();
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			if (cause instanceof AuthenticationException) {
				// the cluster answered and said no: not a reachability problem, and no use waiting
				Map<String, Object> config = kafkaAdmin.getConfigurationProperties();
				Object protocol = config.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
						CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
				Object mechanism = config.get(SaslConfigs.SASL_MECHANISM);
				throw new KafkaAuthenticationException(bootstrapServers, String.valueOf(protocol),
						(mechanism != null) ? String.valueOf(mechanism) : null, cause);
			}
			throw new KafkaUnreachableException(bootstrapServers, this.timeout, cause);
		}
	}

}
