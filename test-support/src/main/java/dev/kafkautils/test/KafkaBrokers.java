package dev.kafkautils.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real Kafka brokers for a test class: a {@link KafkaCluster} started before the class's
 * first test and closed after its last, given to the tests' constructor or methods as a
 * {@code KafkaCluster} parameter. {@code @Nested} classes share their enclosing class's.
 *
 * <pre class="code">
 * &#64;KafkaBrokers(nodes = 3)
 * class ReplicationTests {
 *
 *     &#64;Test
 *     void survivesALostBroker(KafkaCluster cluster) {
 *         cluster.kill(2);
 *         ...
 *     }
 * }
 * </pre>
 *
 * A {@code @SpringBootTest} in the class needs no {@code spring.kafka.bootstrap-servers}:
 * its context gets a {@code KafkaConnectionDetails} bean for the cluster, and is closed
 * before the cluster is. For settings beyond these attributes, register
 * {@link KafkaBrokersExtension} with a {@link KafkaClusterBuilder} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaBrokersExtension.class)
public @interface KafkaBrokers {

	/** How many nodes, each a broker and a KRaft controller. */
	int nodes() default 1;

	/** The heap of each node, for example {@code 512m}. */
	String heap() default "384m";

	/**
	 * Broker settings of every node as {@code key=value}, for example
	 * {@code "min.insync.replicas=2"}.
	 */
	String[] brokerProperties() default {};

}
