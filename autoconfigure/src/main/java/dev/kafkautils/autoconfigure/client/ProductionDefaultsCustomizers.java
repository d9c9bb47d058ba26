package dev.kafkautils.autoconfigure.client;

import java.util.Map;

import dev.kafkautils.autoconfigure.core.ServiceIdentity;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Customizers that add {@link ProductionDefaults} to Spring Boot's producer and
 * consumer factories. They run first, so a user's customizer sees the defaults and may
 * change them.
 */
final class ProductionDefaultsCustomizers {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	static DefaultKafkaProducerFactoryCustomizer producer(ServiceIdentity identity) {
		Map<String, Object> defaults = ProductionDefaults.producer(identity);
		return new ProducerDefaults(defaults);
	}

	static DefaultKafkaConsumerFactoryCustomizer consumer(ServiceIdentity identity) {
		Map<String, Object> defaults = ProductionDefaults.consumer(identity);
		return new ConsumerDefaults(defaults);
	}

	private record ProducerDefaults(Map<String, Object> defaults) implements DefaultKafkaProducerFactoryCustomizer, Ordered {

		@Override
		public void customize(DefaultKafkaProducerFactory<?, ?> producerFactory) {
			producerFactory.updateConfigs(
					ProductionDefaults.missingFrom(this.defaults, producerFactory.getConfigurationProperties()));
		}

		@Override
		public int getOrder() {
			return ORDER;
		}

	}

	private record ConsumerDefaults(Map<String, Object> defaults) implements DefaultKafkaConsumerFactoryCustomizer, Ordered {

		@Override
		public void customize(DefaultKafkaConsumerFactory<?, ?> consumerFactory) {
			consumerFactory.updateConfigs(
					ProductionDefaults.missingFrom(this.defaults, consumerFactory.getConfigurationProperties()));
		}

		@Override
		public int getOrder() {
			return ORDER;
		}

	}

	private ProductionDefaultsCustomizers() {
	}

}
