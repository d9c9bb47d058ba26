package dev.kafkautils.benchmarks.exactlyonce;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The service {@link ExactlyOnceBenchmark} measures: Spring Boot's and the starter's
 * auto-configuration and a record listener on {@code bench.eos.input} that writes each
 * value to {@code bench.eos.output}, in the delivery's transaction when
 * {@code kafka.utils.exactly-once.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class TransformApplication {

	@Bean
	Transformer benchTransformer(KafkaTemplate<String, Object> template, @Value("${bench.eos.output}") String output) {
		return new Transformer(template, output);
	}

	/** The listener: one output per input, same key. */
	static final class Transformer {

		private final KafkaTemplate<String, Object> template;

		private final String output;

		Transformer(KafkaTemplate<String, Object> template, String output) {
			this.template = template;
			this.output = output;
		}

		@KafkaListener(topics = "${bench.eos.input}", groupId = "${bench.eos.group}")
		void on(ConsumerRecord<String, byte[]> record) {
			this.template.send(this.output, record.key(), record.value());
		}

	}

}
