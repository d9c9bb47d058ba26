package dev.kafkautils.autoconfigure.registry;

import com.google.protobuf.Message;
import dev.kafkautils.autoconfigure.codec.ExplicitSerdeSettings;
import dev.kafkautils.autoconfigure.codec.JsonCodec;
import dev.kafkautils.autoconfigure.codec.KafkaCodecAutoConfiguration;
import dev.kafkautils.autoconfigure.codec.PayloadFraming;
import dev.kafkautils.autoconfigure.codec.PayloadTypes;
import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import dev.kafkautils.autoconfigure.core.KafkaUtilsPropertyException;
import dev.kafkautils.autoconfigure.core.TopicNames;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Registry-aware payloads, once a {@link SchemaRegistryClient} bean exists (the registry
 * client's auto-configuration makes one when {@code kafka.utils.schema-registry.url} is
 * set): the {@link PayloadFraming} that the codec's serializer and listener converter
 * use to frame protobuf payloads (and the JSON payloads of topics with JSON Schema) in
 * the Confluent wire format, and the start-up {@link SchemaCompatibilityGate}.
 * <p>
 * An application that selects its own value serializer through {@code spring.kafka.*}
 * (Confluent's, for instance) keeps it: the starter's serializer is not installed then,
 * and the gate, which checks the starter's schemas, does not run.
 */
@AutoConfiguration(after = KafkaCodecAutoConfiguration.class,
		afterName = "dev.kafkautils.autoconfigure.registry.SchemaRegistryAutoConfiguration")
@ConditionalOnKafkaUtils
@ConditionalOnClass(Message.class)
@ConditionalOnBean(SchemaRegistryClient.class)
@EnableConfigurationProperties(SchemaRegistryProperties.class)
@Import(SchemaRegistryCodecAutoConfiguration.JsonSchemaConfiguration.class)
public final class SchemaRegistryCodecAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SubjectNames kafkaUtilsSubjectNames(SchemaRegistryProperties properties, TopicNames topicNames) {
		return new SubjectNames(properties, topicNames);
	}

	@Bean
	@ConditionalOnMissingBean
	ProtobufSchemas kafkaUtilsProtobufSchemas(SchemaRegistryClient client, SchemaRegistryProperties properties) {
		return new ProtobufSchemas(client, properties.isAutoRegister(), properties.isNormalize());
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(StarterValueSerializerCondition.class)
	SchemaCompatibilityGate kafkaUtilsSchemaCompatibilityGate(SchemaRegistryClient client,
			SchemaRegistryProperties properties, PayloadTypes payloadTypes, SubjectNames subjectNames,
			ProtobufSchemas protobufSchemas, ObjectProvider<JsonSchemaFraming> json) {
		return new SchemaCompatibilityGate(client, properties, payloadTypes, subjectNames, protobufSchemas,
				json.getIfAvailable());
	}

	/** Created after the gate, so nothing is framed (and sent) before the gate ran. */
	@Bean
	@ConditionalOnMissingBean(PayloadFraming.class)
	SchemaRegistryFraming kafkaUtilsSchemaRegistryFraming(SchemaRegistryClient client,
			SchemaRegistryProperties properties, SubjectNames subjectNames, ProtobufSchemas protobufSchemas,
			ObjectProvider<JsonSchemaFraming> json, ObjectProvider<SchemaCompatibilityGate> gate) {
		JsonSchemaFraming jsonSchemas = json.getIfAvailable();
		if (jsonSchemas == null && JsonSchemaFraming.anyTopic(properties)) {
			throw new KafkaUtilsPropertyException(SchemaRegistryProperties.PREFIX + ".json-schema", "true",
					"JSON Schema framing needs a JSON Schema generator, and com.github.victools:jsonschema-generator "
							+ "(5.x) is not on the classpath",
					"Add com.github.victools:jsonschema-generator to the application's dependencies, or set "
							+ SchemaRegistryProperties.PREFIX + ".json-schema (and topics.<name>.json-schema) to false.");
		}
		// the gate checks on initialisation: asking for it here runs it first
		gate.getIfAvailable();
		return new SchemaRegistryFraming(client, properties, subjectNames, protobufSchemas, json.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.github.victools.jsonschema.generator.SchemaGenerator")
	static class JsonSchemaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JsonSchemaGenerator kafkaUtilsJsonSchemaGenerator() {
			return new VictoolsJsonSchemaGenerator();
		}

	}

	/** Only when some topic has JSON Schema, with a generator (victools' or the application's). */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JsonSchemaGenerator.class)
	@Conditional(JsonSchemaTopicsCondition.class)
	JsonSchemaFraming kafkaUtilsJsonSchemaFraming(SchemaRegistryClient client, SchemaRegistryProperties properties,
			SubjectNames subjectNames, JsonCodec json, JsonSchemaGenerator generator) {
		return new JsonSchemaFraming(client, properties, subjectNames, json, generator);
	}

	/** Matches when json-schema is true globally or for a topic. */
	static class JsonSchemaTopicsCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return Binder.get(context.getEnvironment())
				.bind(SchemaRegistryProperties.PREFIX, SchemaRegistryProperties.class)
				.map(JsonSchemaFraming::anyTopic)
				.orElse(false);
		}

	}

	/** Matches unless the application selected its own value serializer. */
	static class StarterValueSerializerCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !new ExplicitSerdeSettings(context.getEnvironment()).producerValueSerializer();
		}

	}

}
