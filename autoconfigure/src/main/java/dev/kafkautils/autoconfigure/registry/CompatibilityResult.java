package dev.kafkautils.autoconfigure.registry;

import java.util.List;

/**
 * The registry's verdict on a schema checked against a subject.
 *
 * @param compatible whether the schema is compatible
 * @param messages the registry's reasons when it is not (empty when it gives none)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

	public CompatibilityResult {
		messages = List.copyOf(messages);
	}

}
