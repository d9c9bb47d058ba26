package dev.kafkautils.autoconfigure.codec;

import dev.kafkautils.autoconfigure.KafkaUtilsAutoConfiguration;
import dev.kafkautils.autoconfigure.KafkaUtilsProperties;
import dev.kafkautils.autoconfigure.ServiceIdentity;
import dev.kafkautils.autoconfigure.topics.TopicNames;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.converter.RecordMessageConverter;

/**
 * Typed payloads: the serializer that Spring Boot's producer factory gets (unless the
 * application configured its own), consumers that keep value bytes as they were on the
 * wire and never fail inside {@code poll()}, and the converter that hands
 * {@code @KafkaListener} methods their payload type.
 */
@AutoConfiguration(after = KafkaUtilsAutoConfiguration.class, before = KafkaAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ KafkaTemplate.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "kafka.utils.enabled", matchIfMissing = true)
public final class KafkaCodecAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PayloadReaders kafkaUtilsPayloadReaders(ObjectProvider<JsonMapper> jsonMapper) {
		return new PayloadReaders(jsonMapper.getIfAvailable(JsonMapper::shared));
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadTypes kafkaUtilsPayloadTypes(KafkaUtilsProperties properties, TopicNames topicNames,
			PayloadReaders readers, ResourceLoader resourceLoader) {
		return PayloadTypes.of(properties.getTopics(), topicNames, readers, resourceLoader.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	StandardHeaders kafkaUtilsStandardHeaders(KafkaUtilsProperties properties, ServiceIdentity identity) {
		return new StandardHeaders(properties.getHeaders(), identity.serviceName());
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadSerializer kafkaUtilsPayloadSerializer(ObjectProvider<JsonMapper> jsonMapper,
			StandardHeaders standardHeaders) {
		return new PayloadSerializer(jsonMapper.getIfAvailable(JsonMapper::shared), standardHeaders);
	}

	@Bean
	@ConditionalOnMissingBean(RecordMessageConverter.class)
	PayloadMessageConverter kafkaUtilsPayloadMessageConverter(PayloadReaders readers, PayloadTypes payloadTypes,
			StandardHeaders standardHeaders) {
		return new PayloadMessageConverter(readers, payloadTypes, standardHeaders.contentTypeName());
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

	@Bean
	DefaultKafkaConsumerFactoryCustomizer kafkaUtilsDeserializerCustomizer(Environment environment) {
		return new ConsumerDeserializers(new ExplicitSerdeSettings(environment).consumerValueDeserializer());
	}

	@SuppressWarnings("unchecked")
	private static void setValueSerializer(DefaultKafkaProducerFactory<?, ?> factory, PayloadSerializer serializer) {
		((DefaultKafkaProducerFactory<Object, Object>) factory).setValueSerializer(serializer);
	}

}
