package dev.kafkautils.autoconfigure.rpc;

import java.util.List;

import dev.kafkautils.autoconfigure.core.RequiredTopic;
import dev.kafkautils.autoconfigure.core.TierProperties;
import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.DirectFieldAccessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor.AnnotationEnhancer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.KafkaListenerErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Wiring of the request/reply auto-configuration: its switches, metrics with and
 * without a registry, the reply template for replying listeners, reply topics and groups
 * per client, and the user's own factory.
 */
class KafkaRpcAutoConfigurationTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withConfiguration(AutoConfigurations.of(KafkaRpcAutoConfiguration.class));

	@Test
	void clientFactoryTopicsAndErrorRepliesByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RpcClientFactory.class).hasSingleBean(RpcTopics.class);
			assertThat(context).hasBean(ErrorReplies.BEAN_NAME);
			assertThat(context.getBean(ErrorReplies.BEAN_NAME)).isInstanceOf(KafkaListenerErrorHandler.class);
			assertThat(context.getBeansOfType(AnnotationEnhancer.class).values())
				.hasAtLeastOneElementOfType(ErrorReplyEnhancer.class);
			assertThat(context.getBean(RpcMetrics.class)).isSameAs(RpcMetrics.NONE);
		});
	}

	@Test
	void metersWhenARegistryIsPresentUnlessMetricsAreOff() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context.getBean(RpcMetrics.class)).isInstanceOf(MicrometerRpcMetrics.class));
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("kafka.utils.metrics.enabled=false")
			.run((context) -> assertThat(context.getBean(RpcMetrics.class)).isSameAs(RpcMetrics.NONE));
	}

	@Test
	void switchedOff() {
		this.runner.withPropertyValues("kafka.utils.rpc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RpcClientFactory.class)
				.doesNotHaveBean(RpcTopics.class));
		this.runner.withPropertyValues("kafka.utils.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RpcClientFactory.class));
	}

	@Test
	void errorRepliesCanBeTurnedOff() {
		this.runner.withPropertyValues("kafka.utils.rpc.error-replies=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ErrorReplies.BEAN_NAME);
			assertThat(context.getBeansOfType(AnnotationEnhancer.class).values())
				.noneMatch(ErrorReplyEnhancer.class::isInstance);
		});
	}

	@Test
	void replyingListenersGetTheApplicationTemplate() {
		this.runner.run((context) -> {
			Object replyTemplate = new DirectFieldAccessor(
					context.getBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class))
				.getPropertyValue("replyTemplate");
			assertThat(replyTemplate).isSameAs(context.getBean(KafkaTemplate.class));
		});
	}

	@Test
	void serversCopyTheConfiguredCorrelationHeader() {
		this.runner.withPropertyValues("kafka.utils.rpc.correlation-header=x-request-id").run((context) -> {
			Object header = new DirectFieldAccessor(
					context.getBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class))
				.getPropertyValue("correlationHeaderName");
			assertThat(header).isEqualTo("x-request-id");
		});
	}

	@Test
	void eachClientHasItsOwnGroupOnTheSharedReplyTopic() {
		this.runner.withPropertyValues("kafka.utils.topic-prefix=dev.").run((context) -> {
			RpcClientFactory factory = context.getBean(RpcClientFactory.class);
			RpcClient<String, String> one = factory.create("plans", String.class);
			RpcClient<String, String> two = factory.create("plans", String.class);
			assertThat(one.getRequestTopic()).isEqualTo("dev.plans");
			assertThat(one.getReplyTopic()).isEqualTo("dev.orders-service-replies").isEqualTo(two.getReplyTopic());
			assertThat(one.getReplyGroup()).isNotEqualTo(two.getReplyGroup()).contains("orders-service");
			List<RequiredTopic> topics = List.copyOf(context.getBean(RpcTopics.class).forConsumed(List.of()));
			assertThat(topics).contains(new RequiredTopic("dev.plans", TierProperties.STANDARD,
					"the request topic of an RpcClient bean"),
					new RequiredTopic("dev.orders-service-replies", TierProperties.REPLY, "kafka.utils.rpc.reply-topic"));
		});
	}

	@Test
	void instanceSchemeGivesEachClientAReplyTopicOfItsOwn() {
		this.runner.withPropertyValues("kafka.utils.rpc.reply-scheme=instance", "kafka.utils.rpc.reply-topic=answers")
			.run((context) -> {
				RpcClientFactory factory = context.getBean(RpcClientFactory.class);
				RpcClient<String, String> one = factory.create("plans", String.class);
				RpcClient<String, String> two = factory.create("plans", String.class);
				assertThat(one.getReplyTopic()).startsWith("answers-").isNotEqualTo(two.getReplyTopic());
			});
	}

	@Test
	void applicationFactoryReplacesTheDefault() {
		RpcClientFactory own = mock(RpcClientFactory.class);
		this.runner.withBean(RpcClientFactory.class, () -> own)
			.run((context) -> assertThat(context.getBean(RpcClientFactory.class)).isSameAs(own));
	}

}
