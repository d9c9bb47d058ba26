package dev.kafkautils.autoconfigure.registry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.kafkautils.autoconfigure.codec.JsonCodec;
import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.Framing;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.TopicSettings;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Frames the JSON payloads of the topics with JSON Schema
 * ({@code kafka.utils.schema-registry.json-schema}, or per topic
 * {@code topics.<logical>.json-schema}): the class's generated schema is registered with
 * schema type JSON under the topic's subject (the record name is the class's name), and
 * records carry magic byte 0 and the id in front of the JSON (no message indexes), or
 * with {@code framing=header} the schema's GUID in the header. Reading requires the
 * frame and a schema of type JSON the registry knows (the client caches it by id), then
 * reads the JSON into the declared class.
 */
public final class JsonSchemaFraming {

	private final SchemaRegistryClient client;

	private final SchemaRegistryProperties properties;

	private final SubjectNames subjectNames;

	private final JsonCodec json;

	private final JsonSchemaGenerator generator;

	private final SchemaIds schemaIds;

	private final boolean inHeader;

	private final Map<String, Boolean> framedTopics = new ConcurrentHashMap<>();

	private final Map<String, Map<Class<?>, byte[]>> frames = new ConcurrentHashMap<>();

	private final Map<Class<?>, RegistrySchema> schemas = new ConcurrentHashMap<>();

	/**
	 * @param client the registry
	 * @param properties the registry settings
	 * @param subjectNames the subjects of topics and types
	 * @param json writes JSON payloads
	 * @param generator generates the schema of a payload class
	 */
	public JsonSchemaFraming(SchemaRegistryClient client, SchemaRegistryProperties properties,
			SubjectNames subjectNames, JsonCodec json, JsonSchemaGenerator generator) {
		this.client = client;
		this.properties = properties;
		this.subjectNames = subjectNames;
		this.json = json;
		this.generator = generator;
		this.schemaIds = new SchemaIds(client, properties);
		this.inHeader = properties.getFraming() == Framing.HEADER;
	}

	/**
	 * @param properties the registry settings
	 * @return whether any topic (or every topic) has JSON Schema
	 */
	static boolean anyTopic(SchemaRegistryProperties properties) {
		return properties.isJsonSchema() || properties.getTopics()
			.values()
			.stream()
			.anyMatch((settings) -> Boolean.TRUE.equals(settings.getJsonSchema()));
	}

	boolean frames(String topic) {
		Boolean framed = this.framedTopics.get(topic);
		if (framed == null) {
			framed = this.framedTopics.computeIfAbsent(topic, (key) -> {
				TopicSettings settings = this.subjectNames.topicSettings(key);
				return (settings != null && settings.getJsonSchema() != null) ? settings.getJsonSchema()
						: this.properties.isJsonSchema();
			});
		}
		return framed;
	}

	String subject(String topic, Class<?> type) {
		return this.subjectNames.subject(topic, false, type.getName());
	}

	RegistrySchema schemaOf(Class<?> type) {
		return this.schemas.computeIfAbsent(type,
				(key) -> new RegistrySchema(RegistrySchema.JSON, this.generator.schemaOf(key), List.of()));
	}

	byte[] write(String topic, @Nullable Headers headers, Object value) {
		byte[] frame = frame(topic, value.getClass());
		byte[] payload;
		try {
			payload = this.json.write(value);
		}
		catch (RuntimeException ex) {
			throw new SerializationException("Cannot write " + value.getClass().getName() + " as JSON for topic '"
					+ topic + "': " + ex.getMessage(), ex);
		}
		if (this.inHeader) {
			if (headers == null) {
				throw new SerializationException("kafka.utils.schema-registry.framing=header puts the schema in a "
						+ "header, but the producer gave no headers for a record of topic '" + topic + "'");
			}
			ConfluentWireFormat.setHeader(headers, false, frame);
			return payload;
		}
		return ConfluentWireFormat.frame(frame, payload);
	}

	private byte[] frame(String topic, Class<?> type) {
		Map<Class<?>, byte[]> byType = this.frames.get(topic);
		if (byType == null) {
			byType = this.frames.computeIfAbsent(topic, (key) -> new ConcurrentHashMap<>());
		}
		byte[] frame = byType.get(type);
		if (frame == null) {
			frame = byType.computeIfAbsent(type, (key) -> newFrame(topic, key));
		}
		return frame;
	}

	private byte[] newFrame(String topic, Class<?> type) {
		String subject = subject(topic, type);
		try {
			SchemaId id = this.schemaIds.resolve(subject, schemaOf(type), (latest) -> RegistrySchema.JSON
				.equals(latest.schema().schemaType()) ? null : "it is a " + latest.schema().schemaType() + " schema");
			return this.inHeader ? ConfluentWireFormat.jsonSchemaHeader(this.schemaIds.guid(subject, id))
					: ConfluentWireFormat.jsonSchemaPrefix(id.id());
		}
		catch (SerializationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new SerializationException("Cannot frame " + type.getName() + " for topic '" + topic
					+ "': the schema registry failed for subject '" + subject + "': " + ex.getMessage(), ex);
		}
	}

	Object read(Headers headers, byte[] value, PayloadReader reader) throws Exception {
		SchemaFrame frame = ConfluentWireFormat.readJsonSchema(headers, false, value);
		RegistrySchema schema;
		UUID guid = frame.schemaGuid();
		try {
			schema = (guid != null) ? this.client.schemaByGuid(guid) : this.client.schemaById(frame.schemaId());
		}
		catch (RuntimeException ex) {
			throw new SerializationException("The record's schema (" + SchemaRegistryFraming.describe(frame)
					+ ") cannot be fetched from the schema registry: " + ex.getMessage(), ex);
		}
		if (!RegistrySchema.JSON.equals(schema.schemaType())) {
			throw new SerializationException("The record's schema (" + SchemaRegistryFraming.describe(frame) + ") is a "
					+ schema.schemaType() + " schema, not JSON Schema");
		}
		if (frame.payloadOffset() == 0 && frame.payloadLength() == value.length) {
			return reader.read(value);
		}
		return reader.read(Arrays.copyOfRange(value, frame.payloadOffset(), frame.payloadOffset() + frame.payloadLength()));
	}

}
