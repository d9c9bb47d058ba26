package dev.kafkautils.reliability.app.outage;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How often a listener was handed each record id.
 */
public final class Deliveries {

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final AtomicInteger total = new AtomicInteger();

	/**
	 * Counts one delivery.
	 * @param id the record id
	 */
	public void record(String id) {
		this.counts.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		this.total.incrementAndGet();
	}

	/** @return the distinct ids delivered so far */
	public Set<String> ids() {
		return Set.copyOf(this.counts.keySet());
	}

	/**
	 * @param id a record id
	 * @return how often it was delivered
	 */
	public int count(String id) {
		AtomicInteger count = this.counts.get(id);
		return (count != null) ? count.get() : 0;
	}

	/** @return deliveries in all, second and later ones included */
	public int total() {
		return this.total.get();
	}

	/** @return deliveries beyond the first of each id */
	public int redeliveries() {
		return this.total.get() - this.counts.size();
	}

}
