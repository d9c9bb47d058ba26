package dev.kafkautils.autoconfigure.registry;

/**
 * Generates the JSON Schema of a JSON payload class, for registration under the topic's
 * subject. The default ({@link VictoolsJsonSchemaGenerator}) uses victools'
 * {@code jsonschema-generator}; declare a bean of this type to generate schemas another
 * way. Called once per payload class.
 */
@FunctionalInterface
public interface JsonSchemaGenerator {

	/**
	 * @param type a JSON payload class
	 * @return its JSON Schema document
	 */
	String schemaOf(Class<?> type);

}
