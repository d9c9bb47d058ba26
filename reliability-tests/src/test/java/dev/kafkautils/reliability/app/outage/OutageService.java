package dev.kafkautils.reliability.app.outage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A service run inside the test JVM for the broker-outage scenarios: the test sends
 * through its {@code KafkaUtilsTemplate}, and its listener consumes
 * {@code reliability.topic} in group {@code reliability.group}, counting every delivery
 * by id (the key) in {@link Deliveries}, taking {@code reliability.process-delay} per
 * record, and {@code reliability.slow-delay} more the first time it gets the record
 * {@code reliability.slow-id}. Starter defaults throughout, unless a test passes
 * a property.
 */
@SpringBootApplication
public class OutageService {

	/**
	 * Starts the service.
	 * @param bootstrapServers the cluster
	 * @param topic the topic the listener consumes
	 * @param properties more application properties, as {@code key=value}
	 * @return the running context; close it
	 */
	public static ConfigurableApplicationContext start(String bootstrapServers, String topic, String... properties) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.kafka.bootstrap-servers", bootstrapServers);
		defaults.put("spring.application.name", "outage-service");
		defaults.put("reliability.topic", topic);
		defaults.put("reliability.group", topic + "-consumers");
		// a broker that is down makes the clients warn on every reconnect: keep the errors
		defaults.put("logging.level.org.apache.kafka.clients.NetworkClient", "ERROR");
		defaults.put("logging.level.org.apache.kafka.clients.consumer.internals", "WARN");
		defaults.put("logging.level.org.apache.kafka.clients.admin", "ERROR");
		return new SpringApplicationBuilder(OutageService.class).web(WebApplicationType.NONE)
			.properties(defaults)
			.properties(properties)
			.run();
	}

	@Bean
	Deliveries deliveries() {
		return new Deliveries();
	}

	@Bean
	Listener listener(Deliveries deliveries, @Value("${reliability.process-delay:0ms}") Duration delay,
			@Value("${reliability.slow-id:}") String slowId, @Value("${reliability.slow-delay:0ms}") Duration slowDelay) {
		return new Listener(deliveries, delay, slowId, slowDelay);
	}

	/** The listener. */
	static class Listener {

		private final Deliveries deliveries;

		private final long delayMillis;

		private final String slowId;

		private final long slowDelayMillis;

		Listener(Deliveries deliveries, Duration delay, String slowId, Duration slowDelay) {
			this.deliveries = deliveries;
			this.delayMillis = delay.toMillis();
			this.slowId = slowId;
			this.slowDelayMillis = slowDelay.toMillis();
		}

		@KafkaListener(topics = "${reliability.topic}", groupId = "${reliability.group}")
		void on(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) throws InterruptedException {
			if (this.delayMillis > 0) {
				Thread.sleep(this.delayMillis);
			}
			if (key.equals(this.slowId) && this.deliveries.count(key) == 0) {
				Thread.sleep(this.slowDelayMillis);
			}
			this.deliveries.record(key);
		}

	}

}
