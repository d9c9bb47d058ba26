package dev.kafkautils.autoconfigure.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.autoconfigure.core.AdminConfigs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Checks once at start-up that the cluster answers, so a wrong or unreachable
 * {@code spring.kafka.bootstrap-servers} fails start-up within a bounded time with a
 * clear message instead of leaving consumers retrying in the background.
 */
class ConnectionVerifier implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ConnectionVerifier.class);

	private final ObjectProvider<KafkaAdmin> kafkaAdmin;

	private final Duration timeout;

	ConnectionVerifier(ObjectProvider<KafkaAdmin> kafkaAdmin, Duration timeout) {
		this.kafkaAdmin = kafkaAdmin;
		this.timeout = timeout;
	}

	@Override
	public void afterSingletonsInstantiated() {
		KafkaAdmin kafkaAdmin = this.kafkaAdmin.getIfAvailable();
		if (kafkaAdmin == null) {
			return;
		}
		Map<String, Object> config = AdminConfigs.bounded(kafkaAdmin.getConfigurationProperties(), this.timeout,
				"verify");
		int timeoutMs = AdminConfigs.timeoutMs(this.timeout);
		String bootstrapServers = String.valueOf(config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
		Admin admin = null;
		try {
			admin = Admin.create(config);
			String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
				.clusterId()
				.get(timeoutMs, TimeUnit.MILLISECONDS);
			logger.debug("Kafka cluster " + clusterId + " at " + bootstrapServers + " answered");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnreachableException(bootstrapServers, this.timeout, ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			throw new KafkaUnreachableException(bootstrapServers, this.timeout, cause);
		}
		finally {
			if (admin != null) {
				admin.close(Duration.ofSeconds(1));
			}
		}
	}

}
