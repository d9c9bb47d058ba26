package dev.kafkautils.reliability.app.shutdown;

import java.nio.file.Paths;
import java.time.Duration;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.reliability.support.ProcessedLog;
import dev.kafkautils.reliability.support.ReadyFile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A service that consumes {@code reliability.input} in group {@code reliability.group},
 * sends each record on to {@code reliability.output} through the starter's template
 * (asynchronously, same key) and then records its id in
 * {@code reliability.processed-file}, taking {@code reliability.process-delay} per
 * record. {@code reliability.producer-close-timeout=0s} makes the producer drop what it
 * buffered when the context closes, the behaviour the graceful-shutdown scenario must
 * catch.
 */
@SpringBootApplication
public class RelayService {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(RelayService.class);
		application.addListeners(new ReadyFile());
		application.run(args);
	}

	@Bean(destroyMethod = "close")
	ProcessedLog processedLog(@Value("${reliability.processed-file}") String file) {
		return ProcessedLog.append(Paths.get(file));
	}

	@Bean
	Relay relay(KafkaUtilsTemplate template, ProcessedLog processed, @Value("${reliability.output}") String output,
			@Value("${reliability.process-delay:0ms}") Duration delay) {
		return new Relay(template, processed, output, delay);
	}

	@Bean
	@ConditionalOnProperty("reliability.producer-close-timeout")
	DefaultKafkaProducerFactoryCustomizer producerCloseTimeout(
			@Value("${reliability.producer-close-timeout}") Duration timeout) {
		return (factory) -> factory.setPhysicalCloseTimeout((int) timeout.toSeconds());
	}

	/** The listener. */
	static class Relay {

		private final KafkaUtilsTemplate template;

		private final ProcessedLog processed;

		private final String output;

		private final long delayMillis;

		Relay(KafkaUtilsTemplate template, ProcessedLog processed, String output, Duration delay) {
			this.template = template;
			this.processed = processed;
			this.output = output;
			this.delayMillis = delay.toMillis();
		}

		@KafkaListener(topics = "${reliability.input}", groupId = "${reliability.group}")
		void on(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) throws InterruptedException {
			if (this.delayMillis > 0) {
				Thread.sleep(this.delayMillis);
			}
			this.template.send(this.output, key, value);
			this.processed.record(key);
		}

	}

}
