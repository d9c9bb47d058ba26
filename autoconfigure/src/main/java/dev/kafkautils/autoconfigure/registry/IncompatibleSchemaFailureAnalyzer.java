package dev.kafkautils.autoconfigure.registry;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that the schema compatibility gate stopped: each topic, its
 * subject and the registry's reason, and the ways forward.
 */
class IncompatibleSchemaFailureAnalyzer extends AbstractFailureAnalyzer<IncompatibleSchemaException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IncompatibleSchemaException cause) {
		String description = cause.getIncompatibilities()
			.stream()
			.map((incompatibility) -> "  - " + incompatibility.describe())
			.collect(Collectors.joining("\n", "The schema registry refused payload schemas of this service:\n", ""));
		String action = "Change the payload types so that they stay compatible with the subjects' compatibility level "
				+ "(for BACKWARD: add fields, do not change or reuse field numbers and types), or evolve the subject "
				+ "deliberately in the registry. To start anyway and only log this, set "
				+ SchemaRegistryProperties.PREFIX + ".fail-on-incompatible=false.";
		return new FailureAnalysis(description, action, cause);
	}

}
