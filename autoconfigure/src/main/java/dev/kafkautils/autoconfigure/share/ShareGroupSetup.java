package dev.kafkautils.autoconfigure.share;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.errors.RetryProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;

/**
 * Checks the cluster and sets up the share groups of the application's share listeners
 * before any listener container starts: share groups must be enabled (the
 * {@code share.version} feature), {@code kafka.utils.retry.max-attempts} must not exceed
 * the brokers' {@code group.share.delivery.count.limit} (the broker archives a record
 * after that many deliveries, before it could be dead-lettered), and every group that has
 * no {@code share.auto.offset.reset} (or, when configured, {@code share.record.lock.duration.ms})
 * of its own gets the configured one. Values a group already has are left alone.
 */
class ShareGroupSetup implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ShareGroupSetup.class);

	/** After topic provisioning ({@code Integer.MAX_VALUE - 4096}), before the listener containers. */
	static final int PHASE = Integer.MAX_VALUE - 4000;

	static final String SHARE_VERSION = "share.version";

	static final String DELIVERY_COUNT_LIMIT = "group.share.delivery.count.limit";

	static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";

	static final String RECORD_LOCK_DURATION = "share.record.lock.duration.ms";

	private static final String MAX_ATTEMPTS = RetryProperties.PREFIX + ".max-attempts";

	private final ShareProperties properties;

	private final int maxAttempts;

	private final ObjectProvider<KafkaAdmin> kafkaAdmin;

	private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

	private volatile boolean running;

	ShareGroupSetup(ShareProperties properties, int maxAttempts, ObjectProvider<KafkaAdmin> kafkaAdmin,
			ObjectProvider<KafkaListenerEndpointRegistry> registry) {
		this.properties = properties;
		this.maxAttempts = maxAttempts;
		this.kafkaAdmin = kafkaAdmin;
		this.registry = registry;
	}

	@Override
	public void start() {
		Set<String> groups = shareGroups();
		if (!groups.isEmpty()) {
			try (Admin admin = Admin.create(this.kafkaAdmin.getObject().getConfigurationProperties())) {
				setUp(admin, groups);
			}
		}
		this.running = true;
	}

	private Set<String> shareGroups() {
		KafkaListenerEndpointRegistry endpoints = this.registry.getIfAvailable();
		Set<String> groups = new LinkedHashSet<>();
		if (endpoints != null) {
			for (MessageListenerContainer container : endpoints.getAllListenerContainers()) {
				if (container instanceof ShareKafkaMessageListenerContainer<?, ?> share && share.getGroupId() != null) {
					groups.add(share.getGroupId());
				}
			}
		}
		return groups;
	}

	void setUp(Admin admin, Collection<String> groups) {
		checkShareGroupsEnabled(
				get(admin.describeFeatures().featureMetadata(), "the cluster's features").finalizedFeatures());
		try {
			checkDeliveryLimit(deliveryCountLimit(admin));
		}
		catch (NotAuthorized ex) {
			logger.warn("Not allowed to read the brokers' " + DELIVERY_COUNT_LIMIT + " (" + ex.getMessage()
					+ "): " + MAX_ATTEMPTS + "=" + this.maxAttempts + " is not checked against it");
		}
		try {
			configureGroups(admin, groups);
		}
		catch (NotAuthorized ex) {
			logger.warn("Not allowed to read or set the configuration of share groups " + groups + " ("
					+ ex.getMessage() + "): their " + AUTO_OFFSET_RESET + " stays as the cluster has it");
		}
	}

	private void configureGroups(Admin admin, Collection<String> groups) {
		Map<String, String> wanted = new LinkedHashMap<>();
		wanted.put(AUTO_OFFSET_RESET, this.properties.getAutoOffsetReset());
		Duration lock = this.properties.getRecordLockDuration();
		if (lock != null) {
			wanted.put(RECORD_LOCK_DURATION, Long.toString(lock.toMillis()));
		}
		List<ConfigResource> resources = groups.stream()
			.map((group) -> new ConfigResource(ConfigResource.Type.GROUP, group))
			.toList();
		Map<ConfigResource, Config> current = get(admin.describeConfigs(resources).all(),
				"the configuration of share groups " + groups);
		Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
		for (ConfigResource resource : resources) {
			Config config = current.get(resource);
			List<AlterConfigOp> ops = new ArrayList<>();
			wanted.forEach((name, value) -> {
				ConfigEntry entry = (config != null) ? config.get(name) : null;
				if (entry == null || entry.source() != ConfigEntry.ConfigSource.DYNAMIC_GROUP_CONFIG) {
					ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
				}
				else if (!value.equals(entry.value())) {
					logger.info("Share group " + resource.name() + " keeps its own " + name + "=" + entry.value()
							+ " (kafka-utils would set " + value + " on a new group)");
				}
			});
			if (!ops.isEmpty()) {
				changes.put(resource, ops);
			}
		}
		if (!changes.isEmpty()) {
			get(admin.incrementalAlterConfigs(changes).all(), "setting " + wanted.keySet() + " on share groups "
					+ changes.keySet().stream().map(ConfigResource::name).toList());
			logger.info("Set " + wanted + " on share groups "
					+ changes.keySet().stream().map(ConfigResource::name).toList());
		}
	}

	static void checkShareGroupsEnabled(Map<String, FinalizedVersionRange> finalizedFeatures) {
		FinalizedVersionRange share = finalizedFeatures.get(SHARE_VERSION);
		if (share == null || share.maxVersionLevel() < 1) {
			throw new ShareGroupsUnavailableException("The Kafka cluster has share groups disabled (feature "
					+ SHARE_VERSION + " is " + ((share != null) ? share.maxVersionLevel() : "not set")
					+ "), so the application's share listeners cannot consume. Share groups need Kafka 4.2 or later "
					+ "(brokers and controllers); enable them on the cluster with "
					+ "'kafka-features.sh --bootstrap-server <broker> upgrade --feature share.version=1', "
					+ "or remove the share listeners (or set kafka.utils.share.enabled=false).");
		}
	}

	void checkDeliveryLimit(@Nullable Integer limit) {
		if (limit != null && this.maxAttempts > limit) {
			throw new KafkaUtilsPropertyException(MAX_ATTEMPTS, this.maxAttempts,
					"it is above the brokers' " + DELIVERY_COUNT_LIMIT + " (" + limit + "): a share group's broker "
							+ "archives a record after " + limit + " deliveries, before kafka-utils could "
							+ "dead-letter it",
					"Set " + MAX_ATTEMPTS + " to at most " + limit + ", or raise the broker setting "
							+ DELIVERY_COUNT_LIMIT + " to at least " + this.maxAttempts
							+ " (kafka-configs.sh --alter --entity-type brokers --entity-default --add-config "
							+ DELIVERY_COUNT_LIMIT + "=" + this.maxAttempts + ").");
		}
	}

	private @Nullable Integer deliveryCountLimit(Admin admin) {
		Collection<Node> nodes = get(admin.describeCluster().nodes(), "the cluster's brokers");
		if (nodes.isEmpty()) {
			return null;
		}
		ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
		Config config = get(admin.describeConfigs(List.of(broker)).all(), "the broker configuration").get(broker);
		ConfigEntry entry = (config != null) ? config.get(DELIVERY_COUNT_LIMIT) : null;
		return (entry != null && entry.value() != null) ? Integer.valueOf(entry.value()) : null;
	}

	private <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
		long timeout = this.properties.getOperationTimeout().toMillis();
		try {
			return future.get(timeout, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading " + what, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof AuthorizationException denied) {
				throw new NotAuthorized(denied);
			}
			throw new IllegalStateException("Share group set-up failed reading or writing " + what + ": "
					+ ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Share group set-up: the cluster did not answer within "
					+ ShareProperties.PREFIX + ".operation-timeout (" + this.properties.getOperationTimeout()
					+ ") for " + what + ". To start without a cluster, set kafka.utils.client.verify-connection=false "
					+ "and kafka.utils.provisioning.enabled=false (which skips this set-up too).", ex);
		}
	}

	/** The cluster refused a call for lack of rights: what it was for is skipped with a warning. */
	private static final class NotAuthorized extends RuntimeException {

		NotAuthorized(AuthorizationException cause) {
			super(cause.getMessage(), cause);
		}

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
