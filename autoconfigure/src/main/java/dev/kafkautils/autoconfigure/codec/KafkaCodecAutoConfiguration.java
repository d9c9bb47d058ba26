package dev.kafkautils.autoconfigure.codec;

import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.core.ServiceIdentity;
import dev.kafkautils.autoconfigure.core.TopicNames;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.converter.BatchMessageConverter;
import org.springframework.kafka.support.converter.RecordMessageConverter;

/**
 * Typed payloads: the serializer that Spring Boot's producer factory gets (unless the
 * application configured its own), consumers that keep value bytes as they were on the
 * wire and never fail inside {@code poll()}, and the converter that hands
 * {@code @KafkaListener} methods their payload type.
 * <p>
 * Jackson is optional: without it, protobuf, text and bytes work and JSON payloads fail
 * naming the dependency (see {@link JsonCodec}). Only {@link JacksonCodecConfiguration}
 * and {@link JacksonJsonCodec} refer to Jackson, so neither is loaded without it.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class, before = KafkaAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnKafkaUtils
@EnableConfigurationProperties(HeaderProperties.class)
public final class KafkaCodecAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(PayloadReaders.class)
	DefaultPayloadReaders kafkaUtilsPayloadReaders(JsonCodec json) {
		return new DefaultPayloadReaders(json);
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadTypes kafkaUtilsPayloadTypes(KafkaUtilsProperties properties, TopicNames topicNames,
			PayloadReaders readers, ResourceLoader resourceLoader) {
		return PayloadTypes.of(properties.getTopics(), topicNames, readers, resourceLoader.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean(HeaderWriter.class)
	StandardHeaders kafkaUtilsStandardHeaders(HeaderProperties properties, ServiceIdentity identity) {
		return new StandardHeaders(properties, identity.serviceName());
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadSerializer kafkaUtilsPayloadSerializer(JsonCodec json, HeaderWriter headerWriter,
			PayloadTypes payloadTypes, ObjectProvider<PayloadFraming> framing) {
		return new PayloadSerializer(json, headerWriter, payloadTypes, framing.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean(RecordMessageConverter.class)
	PayloadMessageConverter kafkaUtilsPayloadMessageConverter(PayloadReaders readers, PayloadTypes payloadTypes,
			HeaderWriter headerWriter, ObjectProvider<PayloadFraming> framing) {
		return new PayloadMessageConverter(readers, payloadTypes, headerWriter.contentTypeHeader(),
				framing.getIfUnique());
	}

	/**
	 * Typed lists for batch listeners; Spring Boot hands it to its listener container
	 * factory and its configurer. Backs off with an application converter of either kind.
	 */
	@Bean
	@ConditionalOnMissingBean(value = { BatchMessageConverter.class, RecordMessageConverter.class },
			ignored = PayloadMessageConverter.class)
	BatchPayloadConverter kafkaUtilsBatchPayloadConverter(PayloadMessageConverter recordConverter) {
		return new BatchPayloadConverter(recordConverter);
	}

	@Bean
	DefaultKafkaProducerFactoryCustomizer kafkaUtilsPayloadSerializerCustomizer(PayloadSerializer serializer,
			Environment environment) {
		boolean explicit = new ExplicitSerdeSettings(environment).producerValueSerializer();
		return (factory) -> {
			if (!explicit) {
				setValueSerializer(factory, serializer);
			}
		};
	}

	/**
	 * Value bytes for the {@link PayloadMessageConverter}; an application converter (a
	 * {@link RecordMessageConverter} bean of the application's, so ours backed off) gets
	 * the configured deserializer's values instead, as with plain Spring Boot.
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer kafkaUtilsDeserializerCustomizer(Environment environment,
			ObjectProvider<RecordMessageConverter> converters) {
		String applicationConverter = converters.orderedStream()
			.filter((converter) -> !(converter instanceof PayloadMessageConverter))
			.map((converter) -> converter.getClass().getName())
			.findFirst()
			.orElse(null);
		return new ConsumerDeserializers(new ExplicitSerdeSettings(environment).consumerValueDeserializer(),
				applicationConverter);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonCodecConfiguration {

		@Bean
		@ConditionalOnMissingBean(JsonCodec.class)
		JacksonJsonCodec kafkaUtilsJsonCodec(ObjectProvider<JsonMapper> jsonMapper) {
			return new JacksonJsonCodec(jsonMapper.getIfAvailable(JsonMapper::shared));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	static class NoJacksonCodecConfiguration {

		@Bean
		@ConditionalOnMissingBean(JsonCodec.class)
		JsonCodec kafkaUtilsJsonCodec() {
			return UnavailableJsonCodec.INSTANCE;
		}

	}

	@SuppressWarnings("unchecked")
	private static void setValueSerializer(DefaultKafkaProducerFactory<?, ?> factory, PayloadSerializer serializer) {
		((DefaultKafkaProducerFactory<Object, Object>) factory).setValueSerializer(serializer);
	}

}
