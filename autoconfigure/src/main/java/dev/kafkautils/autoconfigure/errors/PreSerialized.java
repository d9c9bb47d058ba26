package dev.kafkautils.autoconfigure.errors;

import org.jspecify.annotations.Nullable;

/**
 * A key or value that a dead-letter copy, a replay or a failure event carries as the
 * bytes it must have on the wire. The application's transactional producer writes them
 * as they are (see {@link PreSerializedSerializer}), so such records can share a
 * transaction with the listener's own output and offsets.
 * @param bytes the serialised form, {@code null} for a null key or a tombstone
 */
record PreSerialized(byte @Nullable [] bytes) {
}
