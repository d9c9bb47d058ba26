package dev.kafkautils.autoconfigure.rpc;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.codec.PayloadReaders;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.core.TopicNames;
import dev.kafkautils.autoconfigure.rpc.RpcProperties.ReplyScheme;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.StringUtils;

/**
 * Builds {@link RpcClient}s with the application's producer and consumer factories and
 * the {@code kafka.utils.rpc.*} settings. A client is typed by its response class, which
 * is code rather than configuration, so clients are declared as beans:
 * <pre class="code">
 * &#64;Bean
 * RpcClient&lt;PlanRequest, Plan&gt; planner(RpcClientFactory rpc) {
 *     return rpc.create("plan-requests", Plan.class);
 * }
 * </pre>
 * Each client gets a reply consumer group of its own ({@code <client-id>-rpc-<n>}),
 * never shared with servers or other clients. Its topics are provisioned with the
 * others ({@link RpcTopics}); destroying the factory destroys the clients it built.
 */
public class RpcClientFactory implements DisposableBean {

	private final ProducerFactory<?, ?> producerFactory;

	private final ConsumerFactory<?, ?> consumerFactory;

	private final TopicNames topicNames;

	private final PayloadReaders readers;

	private final RpcProperties properties;

	private final ServiceIdentity identity;

	private final RpcMetrics metrics;

	private final AtomicInteger created = new AtomicInteger();

	private final List<RpcClient<?, ?>> clients = new CopyOnWriteArrayList<>();

	public RpcClientFactory(ProducerFactory<?, ?> producerFactory, ConsumerFactory<?, ?> consumerFactory,
			TopicNames topicNames, PayloadReaders readers, RpcProperties properties, ServiceIdentity identity,
			RpcMetrics metrics) {
		this.producerFactory = producerFactory;
		this.consumerFactory = consumerFactory;
		this.topicNames = topicNames;
		this.readers = readers;
		this.properties = properties;
		this.identity = identity;
		this.metrics = metrics;
	}

	/**
	 * A client with the default timeout ({@code kafka.utils.rpc.timeout}).
	 * @param <Q> the request type
	 * @param <R> the response type
	 * @param requestTopic the logical request topic (the topic prefix is applied)
	 * @param responseType the response type: a generated protobuf class, a JSON-mappable
	 * class, {@code String} or {@code byte[]}
	 * @return the client, not started
	 */
	public <Q, R> RpcClient<Q, R> create(String requestTopic, Class<R> responseType) {
		return create(requestTopic, responseType, null);
	}

	/**
	 * A client.
	 * @param <Q> the request type
	 * @param <R> the response type
	 * @param requestTopic the logical request topic (the topic prefix is applied)
	 * @param responseType the response type
	 * @param timeout the client's default timeout, {@code null} for
	 * {@code kafka.utils.rpc.timeout}
	 * @return the client, not started
	 */
	public <Q, R> RpcClient<Q, R> create(String requestTopic, Class<R> responseType, @Nullable Duration timeout) {
		Duration wait = (timeout != null) ? timeout : this.properties.getTimeout();
		String physicalRequestTopic = this.topicNames.physical(requestTopic);
		String instanceId = UUID.randomUUID().toString().substring(0, 8);
		String replyTopic = replyTopic(instanceId);
		String group = this.identity.clientId() + "-rpc-" + this.created.incrementAndGet();
		PayloadReader reader = this.readers.forType(responseType);
		RpcMetrics.ClientMeters meters = this.metrics.client(physicalRequestTopic);
		RpcTemplate template = RpcTemplate.create(this.producerFactory, this.consumerFactory, physicalRequestTopic,
				replyTopic, group, instanceId, this.properties, wait, meters);
		RpcClient<Q, R> client = new RpcClient<>(template, physicalRequestTopic, replyTopic, responseType, reader,
				wait, this.properties.getDeadlineHeader(), this.properties.isCorrelationKey(), meters);
		this.clients.add(client);
		return client;
	}

	private String replyTopic(String instanceId) {
		String logical = StringUtils.hasText(this.properties.getReplyTopic()) ? this.properties.getReplyTopic()
				: this.identity.serviceName() + "-replies";
		String physical = this.topicNames.physical(logical);
		return (this.properties.getReplyScheme() == ReplyScheme.INSTANCE) ? physical + "-" + instanceId : physical;
	}

	/**
	 * @return the clients built so far
	 */
	public List<RpcClient<?, ?>> clients() {
		return List.copyOf(this.clients);
	}

	@Override
	public void destroy() {
		this.clients.forEach(RpcClient::destroy);
	}

}
