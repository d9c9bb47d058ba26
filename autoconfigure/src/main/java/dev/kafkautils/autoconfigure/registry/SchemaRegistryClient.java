package dev.kafkautils.autoconfigure.registry;

import java.util.Optional;
import java.util.UUID;

/**
 * The calls the starter makes to a registry that speaks the Confluent Schema Registry REST
 * API (Confluent, Apicurio's ccompat API, Redpanda, Karapace). Implementations throw
 * {@link SchemaRegistryException} for error answers and unreachable registries.
 * <p>
 * The auto-configured client caches what can be cached (schemas by id and GUID, the id of
 * a schema registered under a subject), so that after warm-up sending and receiving make
 * no HTTP calls.
 */
public interface SchemaRegistryClient {

	/**
	 * Registers a schema under a subject ({@code POST /subjects/{subject}/versions}), or
	 * returns the id it already has there.
	 * @param subject the subject
	 * @param schema the schema, with its references
	 * @param normalize whether the registry normalises the schema first
	 * @return the schema's id (and GUID where the registry gives one)
	 */
	SchemaId register(String subject, RegistrySchema schema, boolean normalize);

	/**
	 * Looks a schema up under a subject ({@code POST /subjects/{subject}}).
	 * @param subject the subject
	 * @param schema the schema, with its references
	 * @param normalize whether the registry normalises the schema first
	 * @return the schema's version under the subject, or empty when the subject or the
	 * schema is not registered
	 */
	Optional<SubjectVersion> lookup(String subject, RegistrySchema schema, boolean normalize);

	/**
	 * The schema with an id ({@code GET /schemas/ids/{id}}), in the form it was registered
	 * ({@code .proto} text or a base64 {@code FileDescriptorProto} for protobuf).
	 * @param id the schema id
	 * @return the schema, with its references
	 * @throws SchemaRegistryException with error code 40403 when no schema has the id
	 */
	RegistrySchema schemaById(int id);

	/**
	 * The schema with a GUID ({@code GET /schemas/guids/{guid}}), for records framed with
	 * the schema id header.
	 * @param guid the schema's GUID
	 * @return the schema, with its references
	 * @throws SchemaRegistryException with error code 40403 when no schema has the GUID
	 */
	RegistrySchema schemaByGuid(UUID guid);

	/**
	 * A version of a subject ({@code GET /subjects/{subject}/versions/{version}}); used to
	 * resolve schema references.
	 * @param subject the subject
	 * @param version the version number, or -1 for the latest
	 * @return the version, or empty when the subject or the version does not exist
	 */
	Optional<SubjectVersion> version(String subject, int version);

	/**
	 * Checks a schema against the subject's latest version
	 * ({@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}).
	 * @param subject the subject
	 * @param schema the schema, with its references
	 * @return the registry's verdict; compatible when the subject has no version yet
	 */
	CompatibilityResult checkCompatibility(String subject, RegistrySchema schema);

	/**
	 * The compatibility level set on a subject ({@code GET /config/{subject}}).
	 * @param subject the subject
	 * @return the level, or empty when the subject has none of its own
	 */
	Optional<String> compatibility(String subject);

	/**
	 * Sets the compatibility level of a subject ({@code PUT /config/{subject}}).
	 * @param subject the subject
	 * @param level the level, such as BACKWARD
	 */
	void setCompatibility(String subject, String level);

}
