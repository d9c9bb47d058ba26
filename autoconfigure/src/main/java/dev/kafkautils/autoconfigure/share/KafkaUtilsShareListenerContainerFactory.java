package dev.kafkautils.autoconfigure.share;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.config.ShareKafkaListenerContainerFactory;
import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;
import org.springframework.kafka.listener.adapter.MessagingMessageListenerAdapter;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.util.StringUtils;

/**
 * A {@link ShareKafkaListenerContainerFactory} whose containers hand
 * {@code @KafkaListener} methods typed payloads and report their meters. spring-kafka's
 * share factory gives its listeners no message converter; this one gives each the
 * application's listener converter (the kafka-utils {@code PayloadMessageConverter},
 * unless the application has its own), so the payload type comes from
 * {@code kafka.utils.topics.<logical>.type} or the method's parameter, never from the
 * record's headers. Containers get a client id of the service's client id and the
 * listener id, unless the listener sets a {@code clientIdPrefix}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class KafkaUtilsShareListenerContainerFactory<K, V> extends ShareKafkaListenerContainerFactory<K, V> {

	private final @Nullable RecordMessageConverter messageConverter;

	private final ShareListenerMetrics metrics;

	private final String clientIdBase;

	/**
	 * @param consumerFactory the share consumer factory
	 * @param messageConverter the converter for listener payloads, {@code null} for none
	 * @param metrics the share listener meters
	 * @param clientIdBase the start of each container's client id (the service's client id)
	 */
	public KafkaUtilsShareListenerContainerFactory(ShareConsumerFactory<K, V> consumerFactory,
			@Nullable RecordMessageConverter messageConverter, ShareListenerMetrics metrics, String clientIdBase) {
		super(consumerFactory);
		this.messageConverter = messageConverter;
		this.metrics = metrics;
		this.clientIdBase = clientIdBase;
	}

	@Override
	@SuppressWarnings("unchecked")
	protected void initializeContainer(ShareKafkaMessageListenerContainer<K, V> instance,
			KafkaListenerEndpoint endpoint) {
		super.initializeContainer(instance, endpoint);
		ContainerProperties properties = instance.getContainerProperties();
		if (!StringUtils.hasText(endpoint.getClientIdPrefix())) {
			properties.setClientId(this.clientIdBase + "-" + instance.getBeanName());
		}
		Object listener = properties.getMessageListener();
		if (listener instanceof MessagingMessageListenerAdapter<?, ?> adapter && this.messageConverter != null) {
			adapter.setMessageConverter(this.messageConverter);
		}
		if (listener instanceof AcknowledgingShareConsumerAwareMessageListener<?, ?> acknowledging) {
			properties.setMessageListener(MeasuredShareListener.of(
					(AcknowledgingShareConsumerAwareMessageListener<K, V>) acknowledging, instance.getGroupId(),
					this.metrics, properties.getShareAckMode() == ContainerProperties.ShareAckMode.MANUAL));
		}
	}

}
