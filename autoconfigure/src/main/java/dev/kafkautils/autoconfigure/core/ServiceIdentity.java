package dev.kafkautils.autoconfigure.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.StringUtils;

/**
 * Who this service is on the wire: its name (for the {@code source} header and
 * dead-letter naming) and the client id {@code {service}-{host}-{8 random hex}} that
 * every Kafka client of this process carries, so broker logs and quotas can tell
 * instances apart.
 */
public final class ServiceIdentity {

	private static final String FALLBACK_SERVICE_NAME = "application";

	private final String serviceName;

	private final String host;

	private final String clientId;

	public ServiceIdentity(String serviceName, String host, String randomSuffix) {
		this.serviceName = serviceName;
		this.host = host;
		this.clientId = serviceName + "-" + host + "-" + randomSuffix;
	}

	/**
	 * Identity from the configured names: {@code kafka.utils.service-name}, else
	 * {@code spring.application.name}, else "application".
	 * @param configuredServiceName kafka.utils.service-name, may be null
	 * @param applicationName spring.application.name, may be null
	 * @return the identity of this process
	 */
	public static ServiceIdentity of(String configuredServiceName, String applicationName) {
		String name = StringUtils.hasText(configuredServiceName) ? configuredServiceName
				: StringUtils.hasText(applicationName) ? applicationName : FALLBACK_SERVICE_NAME;
		String suffix = String.format("%08x", ThreadLocalRandom.current().nextInt());
		return new ServiceIdentity(name, localHostName(), suffix);
	}

	private static String localHostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			String fromEnvironment = System.getenv("HOSTNAME");
			return StringUtils.hasText(fromEnvironment) ? fromEnvironment : "localhost";
		}
	}

	public String serviceName() {
		return this.serviceName;
	}

	public String host() {
		return this.host;
	}

	public String clientId() {
		return this.clientId;
	}

}
