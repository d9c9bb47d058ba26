package dev.kafkautils.test;

import java.util.List;

/**
 * How a node's JVM logs. {@code kafka_2.13} logs through SLF4J and ships no backend, and a
 * node runs on the test classpath, so it logs through that classpath's backend: Logback,
 * Spring Boot's default, or Log4j 2. Both get a configuration of this module (problems,
 * and the start message the launcher waits for) through their system property, which
 * outranks a {@code logback-test.xml} or {@code log4j2-test.xml} of the tests.
 */
final class BrokerLogging {

	private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

	private static final List<String> LOG4J2 = List.of("org.apache.logging.log4j.core.LoggerContext",
			"org.apache.logging.slf4j.SLF4JServiceProvider");

	private BrokerLogging() {
	}

	/**
	 * The JVM options that configure a node's logging.
	 * @return system property options
	 * @throws IllegalStateException if the classpath has no backend: the node would log
	 * nothing, neither its start nor why it failed
	 */
	static List<String> jvmOptions() {
		if (!isPresent(LOGBACK) && !LOG4J2.stream().allMatch(BrokerLogging::isPresent)) {
			throw new IllegalStateException("A Kafka node logs through SLF4J and the test classpath has no backend "
					+ "for it: add ch.qos.logback:logback-classic (Spring Boot's default), or "
					+ "org.apache.logging.log4j:log4j-core with log4j-slf4j2-impl");
		}
		return List.of("-Dlogback.configurationFile=dev/kafkautils/test/broker-logback.xml",
				"-Dlog4j2.configurationFile=classpath:dev/kafkautils/test/broker-log4j2.properties");
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, BrokerLogging.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
