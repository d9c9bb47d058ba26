package dev.kafkautils.reliability.app.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A service that consumes {@code reliability.topic} in group {@code reliability.group} as
 * text and keeps the key of every record it processed; a record whose value is
 * {@value #POISON} fails every time, so that it is dead-lettered. Run in the test's JVM:
 * the test reads {@link Processed} from its context.
 */
@SpringBootApplication
public class SecuredService {

	/** The value that makes the listener fail. */
	public static final String POISON = "poison";

	@Bean
	Processed processed() {
		return new Processed();
	}

	@Bean
	Worker worker(Processed processed) {
		return new Worker(processed);
	}

	/** The keys of the records processed. */
	public static final class Processed {

		private final Set<String> keys = ConcurrentHashMap.newKeySet();

		/** @return the keys so far */
		public Set<String> keys() {
			return Set.copyOf(this.keys);
		}

	}

	/** The listener. */
	static class Worker {

		private final Processed processed;

		Worker(Processed processed) {
			this.processed = processed;
		}

		@KafkaListener(topics = "${reliability.topic}", groupId = "${reliability.group}")
		void on(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
			if (POISON.equals(value)) {
				throw new IllegalStateException("Record " + key + " is refused");
			}
			this.processed.keys.add(key);
		}

	}

}
