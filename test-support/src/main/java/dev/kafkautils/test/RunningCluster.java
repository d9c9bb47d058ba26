package dev.kafkautils.test;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.jspecify.annotations.Nullable;

/**
 * A cluster {@link KafkaBrokersExtension} started for a test class. It is known by that
 * class, because the Spring test integration sees test classes, not JUnit's contexts; and
 * what was built on it (Spring application contexts) is closed before it, so that their
 * clients shut down while the brokers still answer instead of retrying dead ports.
 */
final class RunningCluster implements AutoCloseable {

	private static final Map<Class<?>, RunningCluster> byTestClass = new ConcurrentHashMap<>();

	private final Class<?> testClass;

	private final KafkaCluster cluster;

	private final Deque<AutoCloseable> dependents = new ConcurrentLinkedDeque<>();

	private RunningCluster(Class<?> testClass, KafkaCluster cluster) {
		this.testClass = testClass;
		this.cluster = cluster;
	}

	static RunningCluster start(Class<?> testClass, KafkaClusterBuilder settings) {
		RunningCluster running = new RunningCluster(testClass, settings.start());
		byTestClass.put(testClass, running);
		return running;
	}

	/**
	 * @param testClass the class the cluster was started for
	 * @return its cluster, while it runs
	 */
	static @Nullable RunningCluster of(Class<?> testClass) {
		return byTestClass.get(testClass);
	}

	KafkaCluster cluster() {
		return this.cluster;
	}

	/** Close {@code dependent} before the cluster, dependents in reverse order of arrival. */
	void closeBefore(AutoCloseable dependent) {
		this.dependents.push(dependent);
	}

	@Override
	public void close() throws Exception {
		byTestClass.remove(this.testClass, this);
		Exception failure = null;
		for (AutoCloseable dependent = this.dependents.poll(); dependent != null; dependent = this.dependents.poll()) {
			try {
				dependent.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		this.cluster.close();
		if (failure != null) {
			throw failure;
		}
	}

}
