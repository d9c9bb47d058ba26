package dev.kafkautils.autoconfigure.errors;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyFailureAnalyzer;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which error handler the listener container factories get, its override points, and
 * start-up failures on bad failure-handling properties.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaErrorHandlingAutoConfigurationTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void listenerContainerFactoryGetsDeadLetterErrorHandler() {
		this.runner.run((context) -> {
			DefaultErrorHandler errorHandler = context.getBean(DefaultErrorHandler.class);
			ConcurrentKafkaListenerContainerFactory<?, ?> factory = context.getBean("kafkaListenerContainerFactory",
					ConcurrentKafkaListenerContainerFactory.class);
			assertThat(ReflectionTestUtils.getField(factory, "commonErrorHandler")).isSameAs(errorHandler);
			assertThat(context.getBean(ConsumerRecordRecoverer.class)).isInstanceOf(DeadLetterRecoverer.class);
		});
	}

	@Test
	void additionalFactoriesBuiltWithBootsConfigurerGetTheSamePolicy() {
		this.runner.withUserConfiguration(BatchFactory.class).run((context) -> {
			ConcurrentKafkaListenerContainerFactory<?, ?> batch = context.getBean("batchFactory",
					ConcurrentKafkaListenerContainerFactory.class);
			assertThat(batch.isBatchListener()).isTrue();
			assertThat(ReflectionTestUtils.getField(batch, "commonErrorHandler"))
				.isSameAs(context.getBean(CommonErrorHandler.class));
		});
	}

	@Test
	void userErrorHandlerReplacesIt(CapturedOutput output) {
		this.runner.withUserConfiguration(UserErrorHandler.class).run((context) -> {
			assertThat(context).hasSingleBean(CommonErrorHandler.class);
			assertThat(context.getBean(CommonErrorHandler.class)).isSameAs(context.getBean("userErrorHandler"));
		});
		assertThat(output.getOut().lines().filter((line) -> line.contains("The CommonErrorHandler bean")))
			.singleElement()
			.asString()
			.contains("'userErrorHandler' (" + DefaultErrorHandler.class.getName() + ") replaces the kafka-utils "
					+ "error handler", "kafka.utils.retry.*", "ErrorHandlerCustomizer");
	}

	@Test
	void noNoticeWithTheKafkaUtilsErrorHandler(CapturedOutput output) {
		this.runner.run((context) -> assertThat(context).hasSingleBean(CommonErrorHandler.class));
		assertThat(output.getOut()).doesNotContain("The CommonErrorHandler bean");
	}

	@Test
	void userRecovererIsUsedByTheErrorHandler() {
		this.runner.withUserConfiguration(UserRecoverer.class).run((context) -> {
			assertThat(context).doesNotHaveBean(DeadLetterRecoverer.class);
			ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 0, 42L, "k", "v");
			boolean recovered = context.getBean(DefaultErrorHandler.class)
				.handleOne(new ClassCastException("not retryable"), record, null, null);
			assertThat(recovered).isTrue();
			assertThat(UserRecoverer.RECOVERED).containsExactly(record);
		});
	}

	@Test
	void customizersAdjustTheErrorHandler() {
		this.runner.withBean(ErrorHandlerCustomizer.class, () -> (handler) -> handler.setAckAfterHandle(false))
			.run((context) -> assertThat(context.getBean(DefaultErrorHandler.class).isAckAfterHandle()).isFalse());
	}

	@Test
	void disabledDeadLetterTopicsLeaveALoggingRecoverer(CapturedOutput output) {
		this.runner.withPropertyValues("kafka.utils.dlq.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DeadLetterRecoverer.class).hasSingleBean(DefaultErrorHandler.class);
			ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 3, 42L, "k", "v");
			assertThat(context.getBean(DefaultErrorHandler.class)
				.handleOne(new ClassCastException("not retryable"), record, null, null)).isTrue();
			assertThat(output.getOut()).contains("Skipped orders-3@42 after 1 attempt(s)")
				.contains("kafka.utils.dlq.enabled=false");
		});
	}

	@Test
	void zeroMaxAttemptsFailsStartup() {
		assertFailure("kafka.utils.retry.max-attempts=0", "kafka.utils.retry.max-attempts",
				"at least one delivery attempt");
	}

	@Test
	void unknownNonRetryableClassFailsStartup() {
		assertFailure("kafka.utils.retry.non-retryable=com.example.NoSuchException",
				"kafka.utils.retry.non-retryable[0]", "no such class");
	}

	@Test
	void nonExceptionClassFailsStartup() {
		assertFailure("kafka.utils.retry.non-retryable=java.lang.String", "kafka.utils.retry.non-retryable[0]",
				"not an Exception");
	}

	@Test
	void patternWithoutPlaceholderFailsStartup() {
		assertFailure("kafka.utils.dlq.topic-pattern=dead-letters", "kafka.utils.dlq.topic-pattern", "{topic}");
	}

	@Test
	void backoffMaxBelowInitialFailsStartup() {
		assertFailure("kafka.utils.retry.backoff.max=10ms", "kafka.utils.retry.backoff.max", "shorter than");
	}

	private void assertFailure(String property, String name, String reason) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new KafkaUtilsPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis").isNotNull();
			assertThat(analysis.getDescription()).contains("'" + name + "'").contains(reason);
			assertThat(analysis.getAction()).contains(name.replaceAll("\\[\\d+]$", ""));
			assertThat(analysis.getCause()).isInstanceOf(KafkaUtilsPropertyException.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class BatchFactory {

		@Bean
		ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
				ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
				ConsumerFactory<Object, Object> consumerFactory) {
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
			configurer.configure(factory, consumerFactory);
			factory.setBatchListener(true);
			return factory;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserErrorHandler {

		@Bean
		CommonErrorHandler userErrorHandler() {
			return new DefaultErrorHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRecoverer {

		static final List<ConsumerRecord<?, ?>> RECOVERED = new CopyOnWriteArrayList<>();

		@Bean
		ConsumerRecordRecoverer userRecoverer() {
			return (record, ex) -> RECOVERED.add(record);
		}

	}

}
