package dev.kafkautils.autoconfigure.share;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.listener.AbstractShareKafkaMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ShareConsumerRecordRecoverer;
import org.springframework.kafka.support.converter.RecordMessageConverter;

/**
 * Builds share listener container factories with the kafka-utils defaults (typed
 * payloads, the failure handling, meters, client ids, {@code kafka.utils.share.*}), for
 * the auto-configured {@value KafkaShareAutoConfiguration#FACTORY_BEAN_NAME} and for
 * factories an application adds, such as one in manual acknowledgement mode:
 * <pre class="code">
 * &#64;Bean
 * KafkaUtilsShareListenerContainerFactory&lt;Object, Object&gt; manualShareFactory(
 *         ShareListenerContainerFactoryConfigurer configurer) {
 *     var factory = configurer.create();
 *     factory.getContainerProperties().setShareAckMode(ContainerProperties.ShareAckMode.MANUAL);
 *     return factory;
 * }
 * </pre>
 */
public class ShareListenerContainerFactoryConfigurer {

	private final ShareConsumerFactory<Object, Object> consumerFactory;

	private final ShareConsumerRecordRecoverer recoverer;

	private final @Nullable RecordMessageConverter messageConverter;

	private final ShareListenerMetrics metrics;

	private final ShareProperties properties;

	private final String clientIdBase;

	ShareListenerContainerFactoryConfigurer(ShareConsumerFactory<Object, Object> consumerFactory,
			ShareConsumerRecordRecoverer recoverer, @Nullable RecordMessageConverter messageConverter,
			ShareListenerMetrics metrics, ShareProperties properties, String clientIdBase) {
		this.consumerFactory = consumerFactory;
		this.recoverer = recoverer;
		this.messageConverter = messageConverter;
		this.metrics = metrics;
		this.properties = properties;
		this.clientIdBase = clientIdBase;
	}

	/**
	 * @return a new factory on the auto-configured share consumer factory
	 */
	public KafkaUtilsShareListenerContainerFactory<Object, Object> create() {
		return create(this.consumerFactory);
	}

	/**
	 * @param consumerFactory the share consumer factory of the new factory
	 * @param <K> the key type
	 * @param <V> the value type
	 * @return a new factory with the kafka-utils defaults
	 */
	public <K, V> KafkaUtilsShareListenerContainerFactory<K, V> create(ShareConsumerFactory<K, V> consumerFactory) {
		KafkaUtilsShareListenerContainerFactory<K, V> factory = new KafkaUtilsShareListenerContainerFactory<>(
				consumerFactory, this.messageConverter, this.metrics, this.clientIdBase);
		factory.setShareConsumerRecordRecoverer(this.recoverer);
		factory.setConcurrency(this.properties.getConcurrency());
		// spring-kafka's share factory defaults its containers to phase 0, and the endpoint
		// registry takes a container's custom phase for all its containers: every listener
		// would then start before topic provisioning. Containers keep the usual phase.
		factory.setPhase(AbstractShareKafkaMessageListenerContainer.DEFAULT_PHASE);
		factory.getContainerProperties()
			.setShareAckMode((this.properties.getAckMode() == ShareProperties.AckMode.MANUAL)
					? ContainerProperties.ShareAckMode.MANUAL : ContainerProperties.ShareAckMode.EXPLICIT);
		return factory;
	}

}
