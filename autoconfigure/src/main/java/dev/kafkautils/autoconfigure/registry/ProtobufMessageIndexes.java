package dev.kafkautils.autoconfigure.registry;

import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Between protobuf message types and their {@link MessageIndexes message-index paths}:
 * the path of a message type in its file, and the message type a path names in a file.
 * <p>
 * The rules are those of Confluent's serializers, which take the index each level has
 * in the file's descriptor: a top-level message counts among the file's messages and a
 * nested one among its parent's nested messages, in declaration order. Enums are not
 * messages and never count, wherever they are declared. The entry message protobuf
 * generates for a {@code map} field ({@code QuantitiesEntry} for {@code quantities}) is
 * a nested message and counts, in the place of its field among the nested messages.
 * <p>
 * Needs protobuf-java; the rest of the wire format does not.
 */
public final class ProtobufMessageIndexes {

	private ProtobufMessageIndexes() {
	}

	/**
	 * The path of a message type in its file. Computing it walks the type's parents:
	 * callers cache the result (or the frame prefix built from it) per type.
	 * @param descriptor the message type
	 * @return its path, {@code [0]} for the first message of the file
	 */
	public static MessageIndexes of(Descriptor descriptor) {
		int depth = 0;
		for (Descriptor level = descriptor; level != null; level = level.getContainingType()) {
			depth++;
		}
		int[] path = new int[depth];
		Descriptor level = descriptor;
		for (int i = depth - 1; i >= 0; i--) {
			path[i] = level.getIndex();
			level = level.getContainingType();
		}
		return MessageIndexes.ofTrusted(path);
	}

	/**
	 * The message type a path names in a file.
	 * @param file the schema file of the record's schema id
	 * @param indexes the path the record's frame holds
	 * @return the message type
	 * @throws InvalidFrameException when the file has no message type at that path: the
	 * record names a type its own schema lacks
	 */
	public static Descriptor resolve(FileDescriptor file, MessageIndexes indexes) {
		List<Descriptor> candidates = file.getMessageTypes();
		@Nullable Descriptor found = null;
		for (int level = 0; level < indexes.size(); level++) {
			int index = indexes.get(level);
			if (index >= candidates.size()) {
				String parent = (found != null) ? "message " + found.getFullName() : "schema file " + file.getName();
				throw new InvalidFrameException("Invalid schema frame: message-index path " + indexes
						+ " names message " + index + " at level " + level + ", but " + parent + " has "
						+ candidates.size() + ((found != null) ? " nested messages" : " top-level messages"));
			}
			found = candidates.get(index);
			candidates = found.getNestedTypes();
		}
		if (found == null) {
			// unreachable: a path has at least one index
			throw new InvalidFrameException("Invalid schema frame: empty message-index path");
		}
		return found;
	}

}
