package dev.kafkautils.autoconfigure.errors;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.util.ClassUtils;

/**
 * The application's own key or value serializer, which writes a {@link PreSerialized}
 * key or value as its bytes and hands everything else to the serializer it wraps. Put
 * on a transactional producer factory so that dead-letter copies go through the very
 * producer whose transaction holds the failed record's offset: one instance check per
 * record, no allocation.
 */
final class PreSerializedSerializer implements Serializer<Object> {

	private final Serializer<Object> delegate;

	private PreSerializedSerializer(Serializer<Object> delegate) {
		this.delegate = delegate;
	}

	/**
	 * Wrap the key and value serializers of a producer factory, once.
	 * @param factory the application's producer factory, fully customised
	 */
	@SuppressWarnings("unchecked")
	static void install(DefaultKafkaProducerFactory<?, ?> factory) {
		DefaultKafkaProducerFactory<Object, Object> target = (DefaultKafkaProducerFactory<Object, Object>) factory;
		Map<String, Object> config = target.getConfigurationProperties();
		Supplier<@Nullable Serializer<Object>> keys = target.getKeySerializerSupplier();
		Supplier<@Nullable Serializer<Object>> values = target.getValueSerializerSupplier();
		if (isInstalled(keys) && isInstalled(values)) {
			return;
		}
		target.setKeySerializerSupplier(wrapping(keys, config.get(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)));
		target.setValueSerializerSupplier(wrapping(values, config.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)));
	}

	private static boolean isInstalled(@Nullable Supplier<@Nullable Serializer<Object>> supplier) {
		return supplier != null && supplier.get() instanceof PreSerializedSerializer;
	}

	private static Supplier<@Nullable Serializer<Object>> wrapping(
			@Nullable Supplier<@Nullable Serializer<Object>> supplier, @Nullable Object configured) {
		return () -> {
			Serializer<Object> serializer = (supplier != null) ? supplier.get() : null;
			return new PreSerializedSerializer((serializer != null) ? serializer : instantiate(configured));
		};
	}

	/** What the producer would create itself from {@code key.serializer} / {@code value.serializer}. */
	@SuppressWarnings("unchecked")
	private static Serializer<Object> instantiate(@Nullable Object configured) {
		if (configured instanceof Serializer<?> serializer) {
			return (Serializer<Object>) serializer;
		}
		if (configured == null) {
			throw new IllegalStateException("The producer factory has no serializer and no "
					+ ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG + " / " + ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
		}
		Class<?> type = (configured instanceof Class<?> clazz) ? clazz
				: ClassUtils.resolveClassName(configured.toString().trim(), ClassUtils.getDefaultClassLoader());
		return (Serializer<Object>) BeanUtils.instantiateClass(type);
	}

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.delegate.configure(configs, isKey);
	}

	@Override
	public byte @Nullable [] serialize(String topic, @Nullable Object data) {
		if (data instanceof PreSerialized serialized) {
			return serialized.bytes();
		}
		return this.delegate.serialize(topic, data);
	}

	@Override
	public byte @Nullable [] serialize(String topic, Headers headers, @Nullable Object data) {
		if (data instanceof PreSerialized serialized) {
			return serialized.bytes();
		}
		return this.delegate.serialize(topic, headers, data);
	}

	@Override
	public void close() {
		this.delegate.close();
	}

}
