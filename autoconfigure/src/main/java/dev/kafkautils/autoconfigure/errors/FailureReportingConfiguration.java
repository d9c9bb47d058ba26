package dev.kafkautils.autoconfigure.errors;

import dev.kafkautils.autoconfigure.codec.HeaderWriter;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.core.TopicNames;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.util.StringUtils;

/**
 * What both retry modes do once a record is published to its dead-letter topic: the
 * kafka-utils headers, one log line, the failure event and the
 * {@link FailedRecordListener}s.
 */
@Configuration(proxyBeanMethods = false)
class FailureReportingConfiguration {

	@Bean
	FailureHeaders kafkaUtilsFailureHeaders(ServiceIdentity identity, DeadLetterProperties deadLetters) {
		return new FailureHeaders(identity.serviceName(), deadLetters.getMaxStackTraceLength());
	}

	@Bean
	FailureReporter kafkaUtilsFailureReporter(ServiceIdentity identity, ErrorHandlingSettings settings,
			ErrorEventProperties errorEvents, DeadLetterProducer producer, TopicNames topicNames,
			HeaderWriter headerWriter, ObjectProvider<FailedRecordListener> listeners) {
		return new FailureReporter(identity.serviceName(), settings.maxAttempts(),
				events(errorEvents, producer, topicNames, headerWriter),
				listeners.orderedStream().toList());
	}

	private static @Nullable FailureEventPublisher events(ErrorEventProperties errorEvents,
			DeadLetterProducer producer, TopicNames topicNames, HeaderWriter headerWriter) {
		String eventTopic = errorEvents.getTopic();
		if (!StringUtils.hasText(eventTopic)) {
			return null;
		}
		String contentTypeHeader = headerWriter.contentTypeHeader();
		return new FailureEventPublisher(producer.template(), topicNames.physical(eventTopic),
				(contentTypeHeader != null) ? contentTypeHeader : KafkaHeaders.PREFIX + "content-type");
	}

}
