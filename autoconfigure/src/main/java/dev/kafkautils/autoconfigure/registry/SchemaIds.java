package dev.kafkautils.autoconfigure.registry;

import java.util.UUID;

import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * The schema id (and GUID) that records of a local schema are framed with, by the
 * registration settings: the subject's latest version ({@code use-latest-version}),
 * else the local schema registered ({@code auto-register}) or looked up. Called once
 * per topic and payload type; the framing caches the result.
 */
final class SchemaIds {

	private final SchemaRegistryClient client;

	private final SchemaRegistryProperties properties;

	private final boolean inHeader;

	SchemaIds(SchemaRegistryClient client, SchemaRegistryProperties properties) {
		this.client = client;
		this.properties = properties;
		this.inHeader = properties.getFraming() == SchemaRegistryProperties.Framing.HEADER;
	}

	/**
	 * The id that records of a schema are framed with: of the subject's latest version
	 * (use-latest-version; {@code latestProblem} says why it does not fit, or null),
	 * else of the schema, registered (auto-register) or looked up.
	 */
	SchemaId resolve(String subject, RegistrySchema schema, LatestCheck latestProblem) {
		boolean normalize = this.properties.isNormalize();
		if (this.properties.isUseLatestVersion()) {
			SubjectVersion latest = this.client.version(subject, -1)
				.orElseThrow(() -> new SerializationException("Subject '" + subject + "' has no version, and "
						+ "kafka.utils.schema-registry.use-latest-version=true frames records with its latest one"));
			String problem = latestProblem.problem(latest);
			if (problem != null) {
				throw new SerializationException("The latest version (" + latest.version() + ", id " + latest.id()
						+ ") of subject '" + subject + "' does not fit the local type: " + problem
						+ " (kafka.utils.schema-registry.use-latest-version=true)");
			}
			if (this.inHeader) {
				// the version answer has no GUID: the registry gives it for the registered schema
				return this.client.register(subject, latest.schema(), normalize);
			}
			return new SchemaId(latest.id(), null);
		}
		if (this.properties.isAutoRegister()) {
			return this.client.register(subject, schema, normalize);
		}
		SubjectVersion version = this.client.lookup(subject, schema, normalize)
			.orElseThrow(() -> new SerializationException("The schema is not registered under subject '" + subject
					+ "', and kafka.utils.schema-registry.auto-register is false: register it first"));
		return this.inHeader ? this.client.register(subject, version.schema(), normalize)
				: new SchemaId(version.id(), null);
	}

	UUID guid(String subject, SchemaId id) {
		if (id.guid() == null) {
			throw new SerializationException("kafka.utils.schema-registry.framing=header frames records with the "
					+ "schema's GUID, but the registry gave none for schema " + id.id() + " of subject '" + subject
					+ "' (Apicurio's Confluent API gives none): set framing=payload");
		}
		return id.guid();
	}

	/** Why the subject's latest version does not fit the local type, or null when it does. */
	@FunctionalInterface
	interface LatestCheck {

		@Nullable String problem(SubjectVersion latest);

	}

}
