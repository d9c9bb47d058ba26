/**
 * Schema Registry support: the Confluent wire format that frames each record with the id
 * of its registered schema (and, for protobuf, the path of its message type in the schema
 * file), read as untrusted input.
 */
@NullMarked
package dev.kafkautils.autoconfigure.registry;

import org.jspecify.annotations.NullMarked;
