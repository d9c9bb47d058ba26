package dev.kafkautils.autoconfigure.share;

import org.springframework.kafka.core.DefaultShareConsumerFactory;

/**
 * Adjusts the auto-configured share consumer factory before any consumer is created (its
 * key deserializer, its listeners). Every bean of the type is applied, in order.
 */
@FunctionalInterface
public interface ShareConsumerFactoryCustomizer {

	/**
	 * @param factory the factory, before any consumer is created
	 */
	void customize(DefaultShareConsumerFactory<?, ?> factory);

}
