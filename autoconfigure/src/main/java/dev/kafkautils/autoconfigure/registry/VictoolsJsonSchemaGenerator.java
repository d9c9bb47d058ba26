package dev.kafkautils.autoconfigure.registry;

import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;

/**
 * JSON Schema (draft 7, the version every Confluent-compatible registry checks) of a
 * payload class with victools' {@code jsonschema-generator}, in its plain-JSON preset:
 * the class's fields as properties. The only class that refers to victools, loaded only
 * when it is on the classpath.
 */
public final class VictoolsJsonSchemaGenerator implements JsonSchemaGenerator {

	private final SchemaGenerator generator = new SchemaGenerator(
			new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7, OptionPreset.PLAIN_JSON).build());

	@Override
	public String schemaOf(Class<?> type) {
		return this.generator.generateSchema(type).toString();
	}

}
