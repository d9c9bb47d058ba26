package dev.kafkautils.autoconfigure.rpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.kafkautils.autoconfigure.rpc.RpcMetrics.ClientMeters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.ContainerProperties.AssignmentCommitOption;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.requestreply.CorrelationKey;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * spring-kafka's {@link ReplyingKafkaTemplate} as one client uses it: a reply consumer in
 * a group of its own that commits nothing (so the group disappears with the instance),
 * correlation ids of the form {@code <instance>-<sequence>} so that late replies to this
 * instance can be told from replies to others on a shared reply topic, error replies
 * raised as {@link RpcErrorReplyException}, and a timeout scheduler of its own.
 */
final class RpcTemplate extends ReplyingKafkaTemplate<Object, Object, byte[]> {

	private static final Log logger = LogFactory.getLog(RpcTemplate.class);

	private final String requestTopic;

	private final String group;

	private final String correlationHeader;

	private final String instancePrefix;

	private final byte[] instancePrefixBytes;

	private final AtomicLong sequence = new AtomicLong();

	private final ThreadPoolTaskScheduler scheduler;

	private final ClientMeters meters;

	private final Duration startTimeout;

	private final CountDownLatch assigned;

	/** Started and assigned: calls check this without taking the start lock. */
	private volatile boolean ready;

	private RpcTemplate(ProducerFactory<Object, Object> producerFactory,
			KafkaMessageListenerContainer<Object, byte[]> container, CountDownLatch assigned, String requestTopic,
			String group, String instanceId, String correlationHeader, Duration timeout, Duration startTimeout,
			ClientMeters meters) {
		super(producerFactory, container);
		this.requestTopic = requestTopic;
		this.group = group;
		this.correlationHeader = correlationHeader;
		this.instancePrefix = instanceId + "-";
		this.instancePrefixBytes = this.instancePrefix.getBytes(StandardCharsets.UTF_8);
		this.meters = meters;
		this.startTimeout = startTimeout;
		this.assigned = assigned;
		this.scheduler = new ThreadPoolTaskScheduler();
		this.scheduler.setThreadNamePrefix(group + "-timeouts-");
		this.scheduler.setDaemon(true);
		this.scheduler.initialize();
		setTaskScheduler(this.scheduler);
		setDefaultReplyTimeout(timeout);
		setCorrelationHeaderName(correlationHeader);
		// replies to the service's other instances are expected here, not worth a log line each
		setSharedReplyTopic(true);
		setCorrelationIdStrategy(this::correlationOf);
		setReplyErrorChecker(this::errorReplyOf);
		setAutoStartup(false);
		// a transactional producer factory (exactly-once): requests are sent without a transaction
		setAllowNonTransactional(true);
	}

	/**
	 * Never part of a transaction, not even a listener's: a request written in a
	 * transaction stays invisible to {@code read_committed} servers until that
	 * transaction commits, which waits for the reply. Requests are therefore sent by the
	 * factory's non-transactional producer, at once.
	 */
	@Override
	public boolean inTransaction() {
		return false;
	}

	/**
	 * A template with its reply consumer.
	 * @param producerFactory the application's producer factory (the starter's serializer)
	 * @param consumerFactory the application's consumer factory, whose configuration the
	 * reply consumer copies
	 * @param requestTopic the physical request topic
	 * @param replyTopic the physical reply topic
	 * @param group the reply consumer's group, this client's own
	 * @param instanceId the prefix of this client's correlation ids
	 * @param properties the request/reply settings
	 * @param timeout the default timeout
	 * @param meters the client's meters
	 * @return the template, not started
	 */
	@SuppressWarnings("unchecked")
	static RpcTemplate create(ProducerFactory<?, ?> producerFactory, ConsumerFactory<?, ?> consumerFactory,
			String requestTopic, String replyTopic, String group, String instanceId, RpcProperties properties,
			Duration timeout, ClientMeters meters) {
		Map<String, Object> config = new HashMap<>(consumerFactory.getConfigurationProperties());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		// a new group: replies written before this instance started are not its own
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
		Deserializer<Object> keys = (Deserializer<Object>) (Deserializer<?>) new ByteArrayDeserializer();
		DefaultKafkaConsumerFactory<Object, byte[]> replyConsumers = new DefaultKafkaConsumerFactory<>(config, keys,
				new ByteArrayDeserializer());
		ContainerProperties containerProperties = new ContainerProperties(replyTopic);
		containerProperties.setGroupId(group);
		// nothing is committed: positions only matter while this instance runs
		containerProperties.setAckMode(AckMode.MANUAL);
		containerProperties.setAssignmentCommitOption(AssignmentCommitOption.NEVER);
		CountDownLatch assigned = new CountDownLatch(1);
		containerProperties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {

			@Override
			public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				// resolve the "latest" positions now, so a reply sent after start-up is never skipped
				partitions.forEach(consumer::position);
				assigned.countDown();
			}

		});
		KafkaMessageListenerContainer<Object, byte[]> container = new KafkaMessageListenerContainer<>(replyConsumers,
				containerProperties);
		container.setBeanName(group);
		return new RpcTemplate((ProducerFactory<Object, Object>) producerFactory, container, assigned, requestTopic,
				group, instanceId, properties.getCorrelationHeader(), timeout, properties.getStartTimeout(), meters);
	}

	String nextCorrelationId() {
		return this.instancePrefix + this.sequence.incrementAndGet();
	}

	/** Mark a record with its correlation id, which {@link #correlationOf} takes over. */
	void correlate(ProducerRecord<Object, Object> record, String correlationId) {
		record.headers().add(this.correlationHeader, correlationId.getBytes(StandardCharsets.UTF_8));
	}

	/** The template adds the correlation header itself: take the id out of the record so it is there once. */
	private CorrelationKey correlationOf(ProducerRecord<Object, Object> record) {
		Header header = record.headers().lastHeader(this.correlationHeader);
		if (header == null || header.value() == null) {
			throw new IllegalStateException("No correlation id on " + record);
		}
		record.headers().remove(this.correlationHeader);
		return new CorrelationKey(header.value());
	}

	private @Nullable Exception errorReplyOf(ConsumerRecord<?, ?> reply) {
		String type = text(reply.headers().lastHeader(KafkaHeaders.EXCEPTION_FQCN));
		if (type == null) {
			return null;
		}
		String id = text(reply.headers().lastHeader(this.correlationHeader));
		return new RpcErrorReplyException(this.requestTopic, (id != null) ? id : "",
				type, text(reply.headers().lastHeader(KafkaHeaders.EXCEPTION_MESSAGE)));
	}

	private static @Nullable String text(@Nullable Header header) {
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8)
				: null;
	}

	/**
	 * A reply without a pending request: late when its correlation id is one of this
	 * instance's, else a reply to another instance on the shared reply topic.
	 */
	@Override
	protected void logLateArrival(ConsumerRecord<Object, byte[]> record, Object correlationId) {
		Header header = record.headers().lastHeader(this.correlationHeader);
		if (header != null && startsWith(header.value(), this.instancePrefixBytes)) {
			this.meters.lateReply();
			if (logger.isDebugEnabled()) {
				logger.debug("Dropped a late reply on " + record.topic() + " with correlation id '"
						+ text(header) + "' (its request timed out)");
			}
		}
	}

	private static boolean startsWith(byte @Nullable [] value, byte[] prefix) {
		if (value == null || value.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (value[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	void startAndAwaitAssignment() {
		if (!this.ready) {
			startOnce();
		}
	}

	private synchronized void startOnce() {
		if (this.ready) {
			return;
		}
		start();
		try {
			if (!this.assigned.await(this.startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new KafkaException("The reply consumer of the request/reply client for topic '"
						+ this.requestTopic + "' got no partitions of its reply topic within "
						+ this.startTimeout.toMillis() + " ms: check that the reply topic exists, or raise "
						+ RpcProperties.PREFIX + ".start-timeout");
			}
			this.ready = true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while starting the reply consumer of group " + this.group, ex);
		}
	}

	@Override
	public synchronized void stop() {
		this.ready = false;
		super.stop();
	}

	String replyGroup() {
		return this.group;
	}

	ThreadPoolTaskScheduler scheduler() {
		return this.scheduler;
	}

	void shutdown() {
		stop();
		this.scheduler.destroy();
		destroy();
	}

}
