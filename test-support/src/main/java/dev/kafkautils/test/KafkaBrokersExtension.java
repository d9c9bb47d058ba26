package dev.kafkautils.test;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.SearchOption;

/**
 * Starts one {@link KafkaCluster} per test class, before anything of the class runs (its
 * constructor included), resolves {@code KafkaCluster} parameters of its constructor and
 * methods, and closes the cluster after the class (JUnit closes it with the class's
 * extension context). {@code @Nested} classes use their enclosing class's cluster.
 * <p>
 * Declared through {@link KafkaBrokers @KafkaBrokers} (or {@code @ExtendWith}), it takes
 * its settings from that annotation. Registered in a static field, it takes them from a
 * {@link KafkaClusterBuilder}, and the field gives tests the cluster:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final KafkaBrokersExtension kafka = new KafkaBrokersExtension(
 *         KafkaCluster.builder().nodes(3).brokerProperty("min.insync.replicas", "2"));
 *
 * &#64;Test
 * void writesWithOneNodeDown() {
 *     kafka.cluster().kill(3);
 *     ...
 * }
 * </pre>
 *
 * Each test class gets its own cluster, never one shared with other classes: tests kill
 * and restart nodes, and a cluster handed on after that would not be the one the next
 * class expects.
 */
public class KafkaBrokersExtension implements BeforeAllCallback, TestInstancePreConstructCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(KafkaBrokersExtension.class);

	private final @Nullable KafkaClusterBuilder settings;

	private volatile @Nullable RunningCluster running;

	/** Settings from {@link KafkaBrokers @KafkaBrokers}, or the defaults without it. */
	public KafkaBrokersExtension() {
		this.settings = null;
	}

	/**
	 * @param settings the cluster to start for each test class using this extension
	 */
	public KafkaBrokersExtension(KafkaClusterBuilder settings) {
		this.settings = settings;
	}

	/**
	 * The cluster of the test class running now, for a registered extension.
	 * @return the running cluster
	 * @throws IllegalStateException before the class started it
	 */
	public KafkaCluster cluster() {
		RunningCluster current = this.running;
		if (current == null) {
			throw new IllegalStateException("No Kafka cluster yet: it starts before the test class runs, "
					+ "when this extension is registered in a static field");
		}
		return current.cluster();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		running(context);
	}

	@Override
	public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
		// with @TestInstance(PER_CLASS) the instance, and a Spring context, come before beforeAll
		running(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == KafkaCluster.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return running(extensionContext).cluster();
	}

	/** The class's cluster: the enclosing class's, or one started now and stored with the class. */
	private RunningCluster running(ExtensionContext context) {
		ExtensionContext classContext = classContext(context);
		RunningCluster current = classContext.getStore(NAMESPACE)
			.computeIfAbsent(RunningCluster.class,
					(key) -> RunningCluster.start(classContext.getRequiredTestClass(), settings(classContext)),
					RunningCluster.class);
		this.running = current;
		return current;
	}

	private KafkaClusterBuilder settings(ExtensionContext classContext) {
		if (this.settings != null) {
			return this.settings;
		}
		Optional<KafkaBrokers> annotation = AnnotationSupport.findAnnotation(classContext.getRequiredTestClass(),
				KafkaBrokers.class, SearchOption.INCLUDE_ENCLOSING_CLASSES);
		return annotation.map(KafkaBrokersExtension::settings).orElseGet(KafkaCluster::builder);
	}

	private static KafkaClusterBuilder settings(KafkaBrokers annotation) {
		KafkaClusterBuilder builder = KafkaCluster.builder().nodes(annotation.nodes()).heap(annotation.heap());
		for (String property : annotation.brokerProperties()) {
			int separator = property.indexOf('=');
			if (separator < 1) {
				throw new IllegalArgumentException(
						"@KafkaBrokers brokerProperties takes key=value entries, not '" + property + "'");
			}
			builder.brokerProperty(property.substring(0, separator).trim(), property.substring(separator + 1).trim());
		}
		return builder;
	}

	/** The context of the test class, from the context of one of its tests too. */
	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

}
