package dev.kafkautils.reliability.app.load;

import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.kafkautils.autoconfigure.errors.FailedRecord;
import dev.kafkautils.autoconfigure.errors.FailedRecordListener;
import dev.kafkautils.reliability.support.ProcessedLog;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A service that consumes {@code reliability.topic} as text: a record whose value is
 * {@value #TRANSIENT} fails on its first delivery and succeeds on the next, one whose
 * value is {@value #PERMANENT} fails with {@link PermanentFailure} (declared non-retryable,
 * so it is dead-lettered at once, as a rejected payment would be), any other is
 * processed. The id (key) of every processed record goes to
 * {@code reliability.processed-file}; {@link Done} counts processed and dead-lettered
 * records, for a test to wait on.
 */
@SpringBootApplication
public class LoadService {

	/** Fails once, then succeeds. */
	public static final String TRANSIENT = "transient";

	/** Fails every time. */
	public static final String PERMANENT = "permanent";

	@Bean(destroyMethod = "close")
	ProcessedLog processedLog(@Value("${reliability.processed-file}") String file) {
		return ProcessedLog.append(Paths.get(file));
	}

	@Bean
	Done done() {
		return new Done();
	}

	@Bean
	Worker worker(ProcessedLog processed, Done done) {
		return new Worker(processed, done);
	}

	@Bean
	FailedRecordListener countDeadLettered(Done done) {
		return (failed) -> done.count.incrementAndGet();
	}

	/** A failure that no retry mends. */
	public static final class PermanentFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		PermanentFailure(String message) {
			super(message);
		}

	}

	/** Records processed or dead-lettered so far. */
	public static final class Done {

		private final AtomicLong count = new AtomicLong();

		/** @return how many records are finished, either way */
		public long count() {
			return this.count.get();
		}

	}

	/** The listener. */
	static class Worker {

		private final ProcessedLog processed;

		private final Done done;

		/** Transient records that failed once and wait for their retry: small, each leaves on success. */
		private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

		Worker(ProcessedLog processed, Done done) {
			this.processed = processed;
			this.done = done;
		}

		@KafkaListener(topics = "${reliability.topic}", groupId = "${reliability.group}")
		void on(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			if (PERMANENT.equals(value)) {
				throw new PermanentFailure("Record " + key + " is refused");
			}
			if (TRANSIENT.equals(value) && this.failedOnce.add(key)) {
				throw new IllegalStateException("Record " + key + " failed, try again");
			}
			this.failedOnce.remove(key);
			this.processed.record(key);
			this.done.count.incrementAndGet();
		}

	}

}
