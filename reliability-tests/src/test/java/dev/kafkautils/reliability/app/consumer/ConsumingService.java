package dev.kafkautils.reliability.app.consumer;

import java.nio.file.Paths;
import java.time.Duration;

import dev.kafkautils.reliability.support.ProcessedLog;
import dev.kafkautils.reliability.support.ReadyFile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * A service that consumes {@code reliability.topic} in group {@code reliability.group}
 * with the starter's defaults and records the id (the key) of every record it finished
 * in {@code reliability.processed-file}, taking {@code reliability.process-delay} per
 * record.
 */
@SpringBootApplication
public class ConsumingService {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ConsumingService.class);
		application.addListeners(new ReadyFile());
		application.run(args);
	}

	@Bean(destroyMethod = "close")
	ProcessedLog processedLog(@Value("${reliability.processed-file}") String file) {
		return ProcessedLog.append(Paths.get(file));
	}

	@Bean
	@ConditionalOnProperty(name = "reliability.commit-before-processing", havingValue = "false", matchIfMissing = true)
	Worker worker(ProcessedLog processed, @Value("${reliability.process-delay:0ms}") Duration delay) {
		return new Worker(processed, delay);
	}

	@Bean
	@ConditionalOnProperty(name = "reliability.commit-before-processing", havingValue = "true")
	CommitFirstWorker commitFirstWorker(ProcessedLog processed,
			@Value("${reliability.process-delay:0ms}") Duration delay) {
		return new CommitFirstWorker(processed, delay);
	}

	/** The listener. */
	static class Worker {

		private final ProcessedLog processed;

		private final long delayMillis;

		Worker(ProcessedLog processed, Duration delay) {
			this.processed = processed;
			this.delayMillis = delay.toMillis();
		}

		@KafkaListener(topics = "${reliability.topic}", groupId = "${reliability.group}")
		void on(String value, @org.springframework.messaging.handler.annotation.Header(
				org.springframework.kafka.support.KafkaHeaders.RECEIVED_KEY) String key) throws InterruptedException {
			if (this.delayMillis > 0) {
				Thread.sleep(this.delayMillis);
			}
			this.processed.record(key);
		}

	}

	/**
	 * The broken listener that the crash scenario must catch: it commits each record
	 * (needs {@code spring.kafka.listener.ack-mode=manual_immediate}) before processing
	 * it, so a crash in between skips the record.
	 */
	static class CommitFirstWorker {

		private final ProcessedLog processed;

		private final long delayMillis;

		CommitFirstWorker(ProcessedLog processed, Duration delay) {
			this.processed = processed;
			this.delayMillis = delay.toMillis();
		}

		@KafkaListener(topics = "${reliability.topic}", groupId = "${reliability.group}")
		void on(String value, @org.springframework.messaging.handler.annotation.Header(
				org.springframework.kafka.support.KafkaHeaders.RECEIVED_KEY) String key, Acknowledgment acknowledgment)
				throws InterruptedException {
			acknowledgment.acknowledge();
			if (this.delayMillis > 0) {
				Thread.sleep(this.delayMillis);
			}
			this.processed.record(key);
		}

	}

}
