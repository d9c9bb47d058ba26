package dev.kafkautils.autoconfigure.rpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.rpc.RpcMetrics.ClientMeters;
import dev.kafkautils.autoconfigure.rpc.RpcMetrics.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.requestreply.KafkaReplyTimeoutException;
import org.springframework.kafka.requestreply.RequestReplyFuture;

/**
 * A typed request/reply client for one request topic: sends a request, waits for the
 * reply that carries the same correlation id and reads it as the response type with the
 * starter's codec. Built by {@link RpcClientFactory}; declare it as a bean so that its
 * topics are provisioned and its reply consumer is ready before the application takes
 * traffic.
 * <p>
 * Every request carries its correlation id, the reply topic and its deadline (now plus
 * the timeout) in headers. A call fails with {@link RpcTimeoutException} at its timeout,
 * with {@link RpcErrorReplyException} as soon as the server answers with an error
 * reply, and with the producer's exception when the request cannot be sent. Nothing is
 * kept for a request once it has an outcome. Thread-safe.
 *
 * @param <Q> the request type
 * @param <R> the response type
 */
public final class RpcClient<Q, R> implements SmartLifecycle, DisposableBean {

	/**
	 * After topic provisioning and before the web server
	 * ({@code Integer.MAX_VALUE - 2048}), so no HTTP request calls a client whose reply
	 * consumer is not assigned yet.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 3072;

	/** How much longer than its timeout a blocking call waits, in case the template stopped. */
	private static final long GRACE_MILLIS = 5_000;

	private final RpcTemplate template;

	private final String requestTopic;

	private final String replyTopic;

	private final Class<R> responseType;

	private final PayloadReader reader;

	private final Duration timeout;

	private final String deadlineHeader;

	private final boolean correlationKey;

	private final ClientMeters meters;

	RpcClient(RpcTemplate template, String requestTopic, String replyTopic, Class<R> responseType,
			PayloadReader reader, Duration timeout, String deadlineHeader, boolean correlationKey,
			ClientMeters meters) {
		this.template = template;
		this.requestTopic = requestTopic;
		this.replyTopic = replyTopic;
		this.responseType = responseType;
		this.reader = reader;
		this.timeout = timeout;
		this.deadlineHeader = deadlineHeader;
		this.correlationKey = correlationKey;
		this.meters = meters;
	}

	/**
	 * Send a request and wait for its response, at most the default timeout.
	 * @param request the request
	 * @return the response
	 * @throws RpcTimeoutException when no reply arrived in time
	 * @throws RpcErrorReplyException when the server answered with an error reply
	 * @throws KafkaException when the request could not be sent or the reply not read
	 */
	public R call(Q request) {
		return call(request, null);
	}

	/**
	 * Send a request and wait for its response.
	 * @param request the request
	 * @param timeout how long to wait, {@code null} for the default timeout
	 * @return the response
	 * @throws RpcTimeoutException when no reply arrived in time
	 * @throws RpcErrorReplyException when the server answered with an error reply
	 * @throws KafkaException when the request could not be sent or the reply not read
	 */
	public R call(Q request, @Nullable Duration timeout) {
		Duration wait = (timeout != null) ? timeout : this.timeout;
		CompletableFuture<R> future = callAsync(request, null, wait);
		try {
			return future.get(wait.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while waiting for a reply from topic '" + this.requestTopic + "'",
					ex);
		}
		catch (TimeoutException ex) {
			throw new KafkaException("No outcome for a request to topic '" + this.requestTopic
					+ "' (was the client stopped?)", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new KafkaException("Request to topic '" + this.requestTopic + "' failed", cause);
		}
	}

	/**
	 * Send a request; the future completes with the response, or exceptionally as
	 * {@link #call(Object)} throws.
	 * @param request the request
	 * @return the response future
	 */
	public CompletableFuture<R> callAsync(Q request) {
		return callAsync(request, null, null);
	}

	/**
	 * Send a request with a correlation id of the caller's and a timeout of its own.
	 * @param request the request
	 * @param correlationId the correlation id, unique among this client's pending
	 * requests, or {@code null} to generate one
	 * @param timeout how long to wait, {@code null} for the default timeout
	 * @return the response future
	 */
	public CompletableFuture<R> callAsync(Q request, @Nullable String correlationId, @Nullable Duration timeout) {
		start();
		Duration wait = (timeout != null) ? timeout : this.timeout;
		String id = (correlationId != null) ? correlationId : this.template.nextCorrelationId();
		long started = System.nanoTime();
		ProducerRecord<Object, Object> record = new ProducerRecord<>(this.requestTopic, null,
				this.correlationKey ? id : null, request);
		this.template.correlate(record, id);
		long deadline = System.currentTimeMillis() + wait.toMillis();
		record.headers().add(this.deadlineHeader, Long.toString(deadline).getBytes(StandardCharsets.US_ASCII));
		RequestReplyFuture<Object, Object, byte[]> sent;
		try {
			sent = this.template.sendAndReceive(record, wait);
		}
		catch (RuntimeException ex) {
			this.meters.completed(Outcome.FAILURE, System.nanoTime() - started);
			return CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<R> response = new CompletableFuture<>();
		sent.whenComplete((reply, failure) -> {
			if (failure == null) {
				complete(response, reply, id, started);
			}
			else {
				fail(response, failure, id, wait, started);
			}
		});
		return response;
	}

	private void complete(CompletableFuture<R> response, ConsumerRecord<Object, byte[]> reply, String id,
			long started) {
		R value;
		try {
			byte[] bytes = reply.value();
			value = this.responseType.cast((bytes != null) ? this.reader.read(bytes) : null);
		}
		catch (Exception ex) {
			this.meters.completed(Outcome.FAILURE, System.nanoTime() - started);
			response.completeExceptionally(new KafkaException("Cannot read the reply with correlation id '" + id
					+ "' from topic '" + reply.topic() + "' as " + this.reader.typeName() + ": " + ex.getMessage(),
					ex));
			return;
		}
		this.meters.completed(Outcome.SUCCESS, System.nanoTime() - started);
		response.complete(value);
	}

	private void fail(CompletableFuture<R> response, Throwable failure, String id, Duration wait, long started) {
		Throwable outcome = failure;
		if (failure instanceof RpcErrorReplyException) {
			this.meters.completed(Outcome.ERROR, System.nanoTime() - started);
		}
		else if (failure instanceof KafkaReplyTimeoutException) {
			this.meters.completed(Outcome.TIMEOUT, System.nanoTime() - started);
			outcome = new RpcTimeoutException(this.requestTopic, id, wait);
		}
		else {
			this.meters.completed(Outcome.FAILURE, System.nanoTime() - started);
		}
		response.completeExceptionally(outcome);
	}

	/**
	 * @return the physical request topic
	 */
	public String getRequestTopic() {
		return this.requestTopic;
	}

	/**
	 * @return the physical topic this client receives its replies on
	 */
	public String getReplyTopic() {
		return this.replyTopic;
	}

	/**
	 * @return the consumer group of this client's reply consumer, its own
	 */
	public String getReplyGroup() {
		return this.template.replyGroup();
	}

	RpcTemplate template() {
		return this.template;
	}

	/**
	 * Start the reply consumer and wait until its partitions are assigned. Called by the
	 * application context, or by the first call of a client that is not a bean.
	 */
	@Override
	public void start() {
		this.template.startAndAwaitAssignment();
	}

	@Override
	public void stop() {
		this.template.stop();
	}

	@Override
	public boolean isRunning() {
		return this.template.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		this.template.shutdown();
	}

}
