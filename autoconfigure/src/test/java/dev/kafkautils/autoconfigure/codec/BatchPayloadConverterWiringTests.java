package dev.kafkautils.autoconfigure.codec;

import java.lang.reflect.Type;
import java.util.List;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.converter.BatchMessageConverter;
import org.springframework.kafka.support.converter.MessagingMessageConverter;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.messaging.Message;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch converter reaches Spring Boot's listener container factory, and backs off
 * for an application's own batch or record converter.
 */
class BatchPayloadConverterWiringTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create();

	@Test
	void springBootsFactoryGetsTheBatchConverter() {
		this.runner.run((context) -> {
			BatchPayloadConverter converter = context.getBean(BatchPayloadConverter.class);
			assertThat(converter.getRecordMessageConverter()).isSameAs(context.getBean(PayloadMessageConverter.class));
			assertThat(ReflectionTestUtils.getField(context.getBean(ConcurrentKafkaListenerContainerFactory.class),
					"batchMessageConverter"))
				.isSameAs(converter);
		});
	}

	@Test
	void backsOffForAnApplicationsBatchConverter() {
		this.runner.withUserConfiguration(OwnBatchConverter.class)
			.run((context) -> assertThat(context).doesNotHaveBean(BatchPayloadConverter.class)
				.hasSingleBean(BatchMessageConverter.class));
	}

	@Test
	void backsOffForAnApplicationsRecordConverter() {
		this.runner.withUserConfiguration(OwnRecordConverter.class)
			.run((context) -> assertThat(context).doesNotHaveBean(BatchPayloadConverter.class)
				.doesNotHaveBean(BatchMessageConverter.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBatchConverter {

		@Bean
		BatchMessageConverter ownBatchConverter() {
			return new BatchMessageConverter() {

				@Override
				public Message<?> toMessage(List<ConsumerRecord<?, ?>> records, Acknowledgment acknowledgment,
						Consumer<?, ?> consumer, Type payloadType) {
					throw new UnsupportedOperationException();
				}

				@Override
				public List<ProducerRecord<?, ?>> fromMessage(Message<?> message, String defaultTopic) {
					throw new UnsupportedOperationException();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRecordConverter {

		@Bean
		RecordMessageConverter ownRecordConverter() {
			return new MessagingMessageConverter();
		}

	}

}
