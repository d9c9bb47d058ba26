package dev.kafkautils.autoconfigure.registry;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at start-up when the local schema of a declared payload type is not compatible
 * with the latest version of its subject, and
 * {@code kafka.utils.schema-registry.fail-on-incompatible} is true.
 */
public class IncompatibleSchemaException extends RuntimeException {

	private final List<Incompatibility> incompatibilities;

	/**
	 * @param incompatibilities each topic whose schema the registry refused
	 */
	public IncompatibleSchemaException(List<Incompatibility> incompatibilities) {
		super(incompatibilities.stream()
			.map(Incompatibility::describe)
			.collect(Collectors.joining("; ", "Incompatible payload schema: ", "")));
		this.incompatibilities = List.copyOf(incompatibilities);
	}

	/** @return each topic whose schema the registry refused */
	public List<Incompatibility> getIncompatibilities() {
		return this.incompatibilities;
	}

	/**
	 * One refused schema.
	 *
	 * @param topic the physical topic
	 * @param type the declared payload type
	 * @param subject the subject it was checked against
	 * @param reasons the registry's reasons (empty when it gave none)
	 */
	public record Incompatibility(String topic, String type, String subject, List<String> reasons) {

		public Incompatibility {
			reasons = List.copyOf(reasons);
		}

		/** @return the topic, the type, the subject and the registry's reasons in one sentence */
		public String describe() {
			return "the schema of " + this.type + " for topic '" + this.topic + "' is not compatible with the latest "
					+ "version of subject '" + this.subject + "'"
					+ (this.reasons.isEmpty() ? " (the registry gave no reason)"
							: ": " + String.join("; ", this.reasons));
		}

	}

}
