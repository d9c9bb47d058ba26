package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.KafkaOperations;

/**
 * Publishes {@link FailureEvent}s as JSON ({@link FailureEventJson}) to the error-event
 * topic. Events are for dashboards: publishing does not wait, and a failure to publish
 * one is logged, never allowed to hold up the partition (the dead-letter copy is what
 * keeps the record).
 */
final class FailureEventPublisher {

	private static final Log logger = LogFactory.getLog(FailureEventPublisher.class);

	private static final byte[] JSON = "application/json".getBytes(StandardCharsets.US_ASCII);

	private final KafkaOperations<Object, Object> template;

	private final String topic;

	private final String contentTypeHeader;

	FailureEventPublisher(KafkaOperations<Object, Object> template, String topic, String contentTypeHeader) {
		this.template = template;
		this.topic = topic;
		this.contentTypeHeader = contentTypeHeader;
	}

	void publish(FailureEvent event) {
		try {
			ProducerRecord<Object, Object> record = new ProducerRecord<>(this.topic, event.key(),
					FailureEventJson.write(event));
			record.headers().add(this.contentTypeHeader, JSON);
			this.template.send(record).whenComplete((result, ex) -> {
				if (ex != null) {
					logger.warn("Could not publish failure event for " + event.topic() + "-" + event.partition() + "@"
							+ event.offset() + " to " + this.topic + ": " + ex.getMessage());
				}
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Could not publish failure event for " + event.topic() + "-" + event.partition() + "@"
					+ event.offset() + " to " + this.topic + ": " + ex.getMessage());
		}
	}

	String topic() {
		return this.topic;
	}

}
