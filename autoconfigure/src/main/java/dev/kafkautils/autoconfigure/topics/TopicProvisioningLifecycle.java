package dev.kafkautils.autoconfigure.topics;

import java.util.List;

import dev.kafkautils.autoconfigure.core.ConsumedTopic;
import dev.kafkautils.autoconfigure.core.StartupAdmin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Provisions the planned topics once per start, after every bean (and so every listener
 * container) exists and before anything that uses topics starts.
 * <p>
 * A lifecycle phase gives the ordering a {@code SmartInitializingSingleton} cannot
 * guarantee: listener containers are registered by spring-kafka's own
 * {@code afterSingletonsInstantiated}, in an order relative to ours that depends on
 * bean registration, while lifecycle beans all start after it, phase by phase. This
 * phase comes before the web server (so no request arrives before its topics exist),
 * Kafka Streams and the listener containers. Start-up, and so readiness, waits for
 * provisioning to finish.
 */
class TopicProvisioningLifecycle implements SmartLifecycle {

	/**
	 * Before the web server ({@code Integer.MAX_VALUE - 2048}), Kafka Streams
	 * ({@code - 1000}) and listener containers ({@code - 100}).
	 */
	static final int PHASE = Integer.MAX_VALUE - 4096;

	private final TopicPlanner planner;

	private final TopicProvisioner provisioner;

	private final StartupAdmin startupAdmin;

	private final ObjectProvider<KafkaListenerEndpointRegistry> listenerRegistry;

	private volatile boolean running;

	TopicProvisioningLifecycle(TopicPlanner planner, TopicProvisioner provisioner,
			StartupAdmin startupAdmin, ObjectProvider<KafkaListenerEndpointRegistry> listenerRegistry) {
		this.planner = planner;
		this.provisioner = provisioner;
		this.startupAdmin = startupAdmin;
		this.listenerRegistry = listenerRegistry;
	}

	@Override
	public void start() {
		KafkaListenerEndpointRegistry registry = this.listenerRegistry.getIfAvailable();
		List<ConsumedTopic> consumed = (registry != null) ? ListenerTopics.consumedBy(registry.getAllListenerContainers())
				: List.of();
		List<TopicSpec> plan = this.planner.plan(consumed);
		if (!plan.isEmpty()) {
			// the client the connection check created and connected; closed once the context has refreshed
			this.provisioner.provision(this.startupAdmin.get(), plan);
		}
		this.running = true;
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
