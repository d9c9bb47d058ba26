package dev.kafkautils.reliability.app.outage;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;

import org.springframework.kafka.support.SendResult;

/**
 * Sends records through a {@link KafkaUtilsTemplate} from one caller thread and keeps
 * the outcome of each by id: acknowledged, or failed with the exception the caller got
 * (thrown by {@code send} or through its future). Also measures the longest time a
 * {@code send} call held its caller.
 */
public final class SendLog {

	private final KafkaUtilsTemplate template;

	private final String topic;

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final Map<String, Throwable> failed = new ConcurrentHashMap<>();

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicLong longestCallNanos = new AtomicLong();

	/**
	 * @param template the template to send with
	 * @param topic the logical topic
	 */
	public SendLog(KafkaUtilsTemplate template, String topic) {
		this.template = template;
		this.topic = topic;
	}

	/**
	 * Sends one record, the id as its key.
	 * @param id the record id
	 * @param value the value
	 */
	public void send(String id, Object value) {
		this.sent.incrementAndGet();
		long start = System.nanoTime();
		CompletableFuture<SendResult<String, Object>> future;
		try {
			future = this.template.send(this.topic, id, value);
		}
		catch (RuntimeException ex) {
			this.failed.put(id, ex);
			return;
		}
		finally {
			long elapsed = System.nanoTime() - start;
			this.longestCallNanos.accumulateAndGet(elapsed, Math::max);
		}
		future.whenComplete((result, ex) -> {
			if (ex == null) {
				this.acknowledged.add(id);
			}
			else {
				this.failed.put(id, ex);
			}
		});
	}

	/** @return records handed to {@code send} */
	public int sent() {
		return this.sent.get();
	}

	/** @return whether every record sent was acknowledged or failed */
	public boolean allCompleted() {
		return this.acknowledged.size() + this.failed.size() == this.sent.get();
	}

	/** @return the ids the broker acknowledged */
	public Set<String> acknowledged() {
		return Set.copyOf(this.acknowledged);
	}

	/** @return the ids whose send failed, with what the caller got */
	public Map<String, Throwable> failed() {
		return Map.copyOf(this.failed);
	}

	/** @return the longest a {@code send} call held its caller, in milliseconds */
	public long longestCallMillis() {
		return this.longestCallNanos.get() / 1_000_000;
	}

}
