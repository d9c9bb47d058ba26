package dev.kafkautils.autoconfigure.exactlyonce;

import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The transaction-id prefix of an instance: {@code {service}-{instance}-}, to which
 * spring-kafka appends a number per producer.
 * <p>
 * The instance part must differ between instances running at the same time (two
 * producers with one transactional id fence each other) and should stay the same when
 * one instance restarts, so that its first producer aborts the transaction the previous
 * run left open instead of leaving it to the broker's {@code transaction.timeout.ms}. It
 * is, in this order: {@code kafka.utils.exactly-once.instance-id}; on Kubernetes the pod
 * name ({@code HOSTNAME}), which a StatefulSet pod keeps across restarts and every pod has
 * for itself, and which a container restarted in its pod keeps too; else 8 random hex
 * digits per start, unique but not stable.
 */
final class TransactionIdPrefix {

	static final String HOSTNAME = "HOSTNAME";

	private TransactionIdPrefix() {
	}

	/**
	 * @param environment the environment, with this instance's properties
	 * @param serviceName the service name
	 * @return the prefix, ending with a dash
	 */
	static String of(Environment environment, String serviceName) {
		String instance = instanceId(environment);
		String name = instance.startsWith(serviceName + "-") ? instance : serviceName + "-" + instance;
		return name + "-";
	}

	static String instanceId(Environment environment) {
		String explicit = environment.getProperty(ExactlyOnceProperties.PREFIX + ".instance-id");
		if (StringUtils.hasText(explicit)) {
			return explicit.trim();
		}
		@Nullable String podName = environment.getProperty(HOSTNAME);
		if (CloudPlatform.KUBERNETES.isActive(environment) && StringUtils.hasText(podName)) {
			return podName.trim();
		}
		return String.format("%08x", ThreadLocalRandom.current().nextInt());
	}

}
