package dev.kafkautils.reliability.app.exactlyonce;

import java.nio.file.Paths;
import java.time.Duration;

import dev.kafkautils.autoconfigure.producer.KafkaUtilsTemplate;
import dev.kafkautils.reliability.support.ProcessedLog;
import dev.kafkautils.reliability.support.ReadyFile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A consume-transform-produce service: reads {@code reliability.topic} in group
 * {@code reliability.group} and writes one record per input to
 * {@code reliability.output-topic} (same key), with whatever exactly-once settings it is
 * started with. It writes its output first and acknowledged, then works for
 * {@code reliability.process-delay} before the delivery's transaction commits, and
 * notes the key in {@code reliability.processed-file}: a kill mostly lands between an
 * output written and its commit.
 */
@SpringBootApplication
public class TransformingService {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(TransformingService.class);
		application.addListeners(new ReadyFile());
		application.run(args);
	}

	@Bean(destroyMethod = "close")
	ProcessedLog processedLog(@Value("${reliability.processed-file}") String file) {
		return ProcessedLog.append(Paths.get(file));
	}

	@Bean
	Transformer transformer(KafkaUtilsTemplate template, ProcessedLog processed,
			@Value("${reliability.output-topic}") String output,
			@Value("${reliability.process-delay:0ms}") Duration delay) {
		return new Transformer(template, processed, output, delay);
	}

	/** The listener. */
	static class Transformer {

		private final KafkaUtilsTemplate template;

		private final ProcessedLog processed;

		private final String output;

		private final long delayMillis;

		Transformer(KafkaUtilsTemplate template, ProcessedLog processed, String output, Duration delay) {
			this.template = template;
			this.processed = processed;
			this.output = output;
			this.delayMillis = delay.toMillis();
		}

		@KafkaListener(topics = "${reliability.topic}", groupId = "${reliability.group}")
		void on(String value, @Header(KafkaHeaders.RECEIVED_KEY) String key) throws InterruptedException {
			this.template.sendAndWait(this.output, key, "transformed-" + value);
			if (this.delayMillis > 0) {
				Thread.sleep(this.delayMillis);
			}
			this.processed.record(key);
		}

	}

}
