package dev.kafkautils.autoconfigure.exactlyonce;

import java.util.Map;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyFailureAnalyzer;
import dev.kafkautils.autoconfigure.errors.DeadLetterProducer;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.transaction.KafkaTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring of exactly-once through Spring Boot's own beans, the instance rule of the
 * transaction-id prefix, and the settings that fail start-up naming their property.
 */
class ExactlyOnceAutoConfigurationTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withConfiguration(AutoConfigurations.of(ExactlyOnceAutoConfiguration.class))
		.withPropertyValues("kafka.utils.client.verify-connection=false", "kafka.utils.provisioning.enabled=false")
		.withInitializer((context) -> new ExactlyOnceEnvironmentPostProcessor()
			.postProcessEnvironment(context.getEnvironment(), null));

	@Test
	void onePropertyMakesBootsFactoriesTransactionalAndTheContainersRunInTransactions() {
		this.runner.withPropertyValues("kafka.utils.exactly-once.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			ProducerFactory<?, ?> producerFactory = context.getBean(ProducerFactory.class);
			assertThat(producerFactory.transactionCapable()).isTrue();
			assertThat(producerFactory.getTransactionIdPrefix()).matches("orders-service-[0-9a-f]{8}-");
			KafkaTransactionManager<?, ?> transactionManager = context.getBean(KafkaTransactionManager.class);
			assertThat(transactionManager.getProducerFactory()).isSameAs(producerFactory);
			assertThat(context.getBean(KafkaTemplate.class).isTransactional()).isTrue();
			assertThat(context.getBean(ConsumerFactory.class).getConfigurationProperties())
				.containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
			ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			assertThat(factory.getContainerProperties().getKafkaAwareTransactionManager()).isSameAs(transactionManager);
			// failures are the after-rollback processor's, with the dead-letter copy in the transaction
			assertThat(context).doesNotHaveBean(CommonErrorHandler.class);
			assertThat(context.getBean(AfterRollbackProcessor.class)).isInstanceOf(DefaultAfterRollbackProcessor.class)
				.satisfies((processor) -> assertThat(processor.isProcessInTransaction()).isTrue());
			assertThat(context.getBean(DeadLetterProducer.class).isTransactional()).isTrue();
			assertThat(context.getBean(ExactlyOnceAutoConfiguration.ExactlyOnceCheck.class).transactionIdPrefix())
				.isEqualTo(producerFactory.getTransactionIdPrefix());
		});
	}

	@Test
	void offByDefault() {
		this.runner.run((context) -> {
			assertThat(context.getBean(ProducerFactory.class).transactionCapable()).isFalse();
			assertThat(context).doesNotHaveBean(KafkaTransactionManager.class)
				.doesNotHaveBean(AfterRollbackProcessor.class)
				.doesNotHaveBean(ExactlyOnceAutoConfiguration.ExactlyOnceCheck.class)
				.hasSingleBean(CommonErrorHandler.class);
			assertThat(context.getBean(ConsumerFactory.class).getConfigurationProperties()
				.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isNotEqualTo("read_committed");
			assertThat(context.getBean(DeadLetterProducer.class).isTransactional()).isFalse();
		});
	}

	@Test
	void anExplicitInstanceIdGivesAPrefixThatSurvivesARestart() {
		ApplicationContextRunner stable = this.runner.withPropertyValues("kafka.utils.exactly-once.enabled=true",
				"kafka.utils.exactly-once.instance-id=orders-service-2");
		stable.run((first) -> stable.run((restarted) -> {
			assertThat(first.getBean(ProducerFactory.class).getTransactionIdPrefix()).isEqualTo("orders-service-2-");
			assertThat(restarted.getBean(ProducerFactory.class).getTransactionIdPrefix())
				.isEqualTo("orders-service-2-");
		}));
	}

	@Test
	void withoutAStableIdentityEveryStartGetsItsOwnPrefix() {
		ApplicationContextRunner unstable = this.runner.withPropertyValues("kafka.utils.exactly-once.enabled=true");
		unstable.run((first) -> unstable.run((second) -> assertThat(
				first.getBean(ProducerFactory.class).getTransactionIdPrefix())
			.isNotEqualTo(second.getBean(ProducerFactory.class).getTransactionIdPrefix())));
	}

	@Test
	void onKubernetesThePodNameIsTheInstance() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("spring.main.cloud-platform", "kubernetes", "HOSTNAME", "payments-1")));
		assertThat(TransactionIdPrefix.of(environment, "payments")).isEqualTo("payments-1-");
		assertThat(TransactionIdPrefix.of(environment, "orders")).isEqualTo("orders-payments-1-");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("explicit", Map.of("kafka.utils.exactly-once.instance-id", "blue-7")));
		assertThat(TransactionIdPrefix.of(environment, "payments")).isEqualTo("payments-blue-7-");
	}

	@Test
	void aHostNameOffKubernetesIsNotTrusted() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("spring.main.cloud-platform", "none", "HOSTNAME", "build-host")));
		// two processes on one host would share it
		assertThat(TransactionIdPrefix.of(environment, "payments")).matches("payments-[0-9a-f]{8}-");
	}

	@Test
	void aPrefixOfTheApplicationsOwnIsKept() {
		this.runner
			.withPropertyValues("kafka.utils.exactly-once.enabled=true",
					"spring.kafka.producer.transaction-id-prefix=orders-blue-")
			.run((context) -> assertThat(context.getBean(ProducerFactory.class).getTransactionIdPrefix())
				.isEqualTo("orders-blue-"));
	}

	@Test
	void aFixedPrefixInThePackagedConfigurationFailsStartUp() {
		this.runner.withPropertyValues("kafka.utils.exactly-once.enabled=true")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource(
						"Config resource 'class path resource [application.properties]' via location 'optional:classpath:/'",
						Map.of("spring.kafka.producer.transaction-id-prefix", "orders-tx-"))))
			.run((context) -> assertFailsNaming(context, "spring.kafka.producer.transaction-id-prefix",
					"every instance of the application uses the same transactional ids"));
	}

	@Test
	void aPrefixWithAPlaceholderInThePackagedConfigurationIsAccepted() {
		this.runner.withPropertyValues("kafka.utils.exactly-once.enabled=true", "POD_NAME=orders-3")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource(
						"Config resource 'class path resource [application.properties]' via location 'optional:classpath:/'",
						Map.of("spring.kafka.producer.transaction-id-prefix", "${POD_NAME}-"))))
			.run((context) -> assertThat(context.getBean(ProducerFactory.class).getTransactionIdPrefix())
				.isEqualTo("orders-3-"));
	}

	@Test
	void loweredAcksFailStartUp() {
		this.runner.withPropertyValues("kafka.utils.exactly-once.enabled=true", "spring.kafka.producer.acks=1")
			.run((context) -> assertFailsNaming(context, "spring.kafka.producer.acks", "acknowledged by all"));
	}

	@Test
	void idempotenceOffFailsStartUp() {
		this.runner
			.withPropertyValues("kafka.utils.exactly-once.enabled=true",
					"spring.kafka.producer.properties[enable.idempotence]=false")
			.run((context) -> assertFailsNaming(context, "spring.kafka.producer.properties[enable.idempotence]",
					"idempotent"));
	}

	@Test
	void consumersReadingUncommittedRecordsFailStartUp() {
		this.runner
			.withPropertyValues("kafka.utils.exactly-once.enabled=true",
					"spring.kafka.consumer.isolation-level=read-uncommitted")
			.run((context) -> assertFailsNaming(context, "spring.kafka.consumer.isolation-level",
					"rolled back"));
	}

	@Test
	void retryTopicsFailStartUp() {
		this.runner.withPropertyValues("kafka.utils.exactly-once.enabled=true", "kafka.utils.retry.mode=topics")
			.run((context) -> assertFailsNaming(context, "kafka.utils.retry.mode", "not supported"));
	}

	private static void assertFailsNaming(AssertableApplicationContext context, String property, String reason) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		Throwable cause = failure;
		while (cause != null && !(cause instanceof KafkaUtilsPropertyException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("a KafkaUtilsPropertyException in %s", failure).isNotNull();
		KafkaUtilsPropertyException exception = (KafkaUtilsPropertyException) cause;
		assertThat(exception.getProperty()).isEqualTo(property);
		assertThat(exception.getReason()).contains(reason);
		FailureAnalysis analysis = new KafkaUtilsPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains(property);
		assertThat(analysis.getAction()).contains(property);
	}

}
