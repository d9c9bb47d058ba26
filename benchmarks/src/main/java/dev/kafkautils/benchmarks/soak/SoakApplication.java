package dev.kafkautils.benchmarks.soak;

import java.util.BitSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.kafkautils.autoconfigure.errors.FailedRecordListener;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * The service {@link SoakRun} drives: one listener on {@code soak.topic} that processes
 * records as text, fails once on {@value #TRANSIENT} (a retry processes it) and every
 * time on {@value #PERMANENT} (it is dead-lettered). Processed ids (the key, a decimal
 * number) are kept in a bit set: a few hundred KB for millions of records, so that the
 * heap measures the starter, not the bookkeeping.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SoakApplication {

	/** Fails once, then succeeds. */
	static final String TRANSIENT = "transient";

	/** Fails every time. */
	static final String PERMANENT = "permanent";

	private final BitSet processed = new BitSet();

	private final AtomicLong processedCount = new AtomicLong();

	private final AtomicLong deadLetteredCount = new AtomicLong();

	private final AtomicLong duplicates = new AtomicLong();

	private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

	@KafkaListener(topics = "${soak.topic}", groupId = "soak")
	void onRecord(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
		if (PERMANENT.equals(value)) {
			throw new IllegalStateException("refused");
		}
		if (TRANSIENT.equals(value) && this.failedOnce.add(key)) {
			throw new IllegalStateException("try again");
		}
		this.failedOnce.remove(key);
		int id = Integer.parseInt(key);
		synchronized (this.processed) {
			if (this.processed.get(id)) {
				this.duplicates.incrementAndGet();
			}
			this.processed.set(id);
		}
		this.processedCount.incrementAndGet();
	}

	@Bean
	FailedRecordListener soakDeadLettered() {
		return (failed) -> this.deadLetteredCount.incrementAndGet();
	}

	long finished() {
		return this.processedCount.get() + this.deadLetteredCount.get();
	}

	long processedCount() {
		return this.processedCount.get();
	}

	long deadLetteredCount() {
		return this.deadLetteredCount.get();
	}

	long duplicates() {
		return this.duplicates.get();
	}

	BitSet processedIds() {
		synchronized (this.processed) {
			return (BitSet) this.processed.clone();
		}
	}

}
