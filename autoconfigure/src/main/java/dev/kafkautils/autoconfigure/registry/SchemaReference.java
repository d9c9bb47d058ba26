package dev.kafkautils.autoconfigure.registry;

/**
 * A reference from one schema to another, registered under its own subject.
 *
 * @param name the name the referring schema uses (for protobuf the import path, such as
 * "acme/common/money.proto")
 * @param subject the subject the referenced schema is registered under
 * @param version the version of that subject
 */
public record SchemaReference(String name, String subject, int version) {
}
