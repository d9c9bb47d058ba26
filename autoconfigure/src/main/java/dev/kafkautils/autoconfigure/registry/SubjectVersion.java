package dev.kafkautils.autoconfigure.registry;

/**
 * One version of a subject.
 *
 * @param subject the subject
 * @param version the version number
 * @param id the id of the version's schema
 * @param schema the schema
 */
public record SubjectVersion(String subject, int version, int id, RegistrySchema schema) {
}
