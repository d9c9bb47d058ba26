package dev.kafkautils.autoconfigure.registry;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The identity a registry gives a schema.
 *
 * @param id the schema id framed into records
 * @param guid the schema's GUID, for the header framing; null where the registry gives none
 */
public record SchemaId(int id, @Nullable UUID guid) {
}
