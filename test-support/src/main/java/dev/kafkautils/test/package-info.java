/**
 * Real Kafka brokers for tests, without Docker: {@link dev.kafkautils.test.KafkaCluster}
 * starts one node or a KRaft cluster as child JVMs from the Kafka jars on the test
 * classpath, {@link dev.kafkautils.test.KafkaBrokers @KafkaBrokers} and
 * {@link dev.kafkautils.test.KafkaBrokersExtension} run one per test class, and a
 * {@code @SpringBootTest} in such a class gets Spring Boot's {@code KafkaConnectionDetails}
 * pointing at it.
 */
@NullMarked
package dev.kafkautils.test;

import org.jspecify.annotations.NullMarked;
