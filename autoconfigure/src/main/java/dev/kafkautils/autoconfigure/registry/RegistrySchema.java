package dev.kafkautils.autoconfigure.registry;

import java.util.List;

/**
 * A schema as the Confluent REST API carries it.
 *
 * @param schemaType "PROTOBUF", "JSON" or "AVRO" (the API omits it for Avro)
 * @param schema the schema text: {@code .proto} text or a base64 {@code FileDescriptorProto}
 * for protobuf, the JSON Schema document for JSON
 * @param references the schemas this one imports, each registered under its own subject
 */
public record RegistrySchema(String schemaType, String schema, List<SchemaReference> references) {

	/** Schema type of protobuf schemas. */
	public static final String PROTOBUF = "PROTOBUF";

	/** Schema type of JSON Schema documents. */
	public static final String JSON = "JSON";

	public RegistrySchema {
		references = List.copyOf(references);
	}

}
