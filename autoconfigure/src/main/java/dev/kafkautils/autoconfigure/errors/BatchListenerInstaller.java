package dev.kafkautils.autoconfigure.errors;

import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Puts an {@link IsolatingBatchListener} in front of the listener of every batch
 * listener container in the endpoint registry ({@code @KafkaListener} methods with
 * {@code batch = "true"} or on a batch factory, whichever factory built them), before
 * the registry starts them.
 * <p>
 * Left as spring-kafka makes them: containers with a transaction manager (batch
 * listeners with transactions are not yet supported by kafka-utils), manual
 * acknowledgment modes (the listener acknowledges the whole poll, so parts of it cannot
 * be delivered on their own), and listeners that take the whole {@code ConsumerRecords}.
 */
final class BatchListenerInstaller implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(BatchListenerInstaller.class);

	/** Before the endpoint registry, which starts the containers. */
	static final int PHASE = AbstractMessageListenerContainer.DEFAULT_PHASE - 50;

	private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

	private final boolean split;

	private final Supplier<IsolatingBatchListener.PoisonPills> poisonPills;

	private final Supplier<List<BatchDeliveryListener>> listeners;

	private volatile boolean running;

	BatchListenerInstaller(ObjectProvider<KafkaListenerEndpointRegistry> registry, boolean split,
			Supplier<IsolatingBatchListener.PoisonPills> poisonPills, Supplier<List<BatchDeliveryListener>> listeners) {
		this.registry = registry;
		this.split = split;
		this.poisonPills = poisonPills;
		this.listeners = listeners;
	}

	@Override
	public void start() {
		KafkaListenerEndpointRegistry endpoints = this.registry.getIfAvailable();
		if (endpoints != null) {
			for (MessageListenerContainer container : endpoints.getAllListenerContainers()) {
				install(container);
			}
		}
		this.running = true;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void install(MessageListenerContainer container) {
		if (!(container instanceof AbstractMessageListenerContainer<?, ?> listenerContainer)
				|| listenerContainer.isRunning()) {
			return;
		}
		ContainerProperties properties = listenerContainer.getContainerProperties();
		Object listener = properties.getMessageListener();
		if (!(listener instanceof BatchMessageListener<?, ?> batchListener) || listener instanceof IsolatingBatchListener
				|| batchListener.wantsPollResult()) {
			return;
		}
		if (properties.getTransactionManager() != null || properties.getKafkaAwareTransactionManager() != null
				|| properties.getAckMode() == ContainerProperties.AckMode.MANUAL
				|| properties.getAckMode() == ContainerProperties.AckMode.MANUAL_IMMEDIATE) {
			logger.debug("Batch listener container " + container.getListenerId()
					+ " keeps spring-kafka's batch error handling (transactions or manual acknowledgment)");
			return;
		}
		listenerContainer.setupMessageListener(new IsolatingBatchListener(batchListener, this.split,
				this.poisonPills.get(), this.listeners.get()));
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
