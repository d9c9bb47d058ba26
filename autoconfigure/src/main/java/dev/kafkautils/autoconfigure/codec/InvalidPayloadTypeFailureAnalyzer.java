package dev.kafkautils.autoconfigure.codec;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed on a bad {@code kafka.utils.topics.*.type}.
 */
class InvalidPayloadTypeFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPayloadTypeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPayloadTypeException cause) {
		String description = "Property '" + cause.getProperty() + "' is set to '" + cause.getValue()
				+ "', which cannot be used as a payload type: " + cause.getReason() + ".";
		String action = "Set '" + cause.getProperty() + "' to the fully qualified name of a class on the classpath "
				+ "that is either a generated protobuf message (com.google.protobuf.Message) or a JSON-mappable "
				+ "class (concrete, with a default constructor, a @JsonCreator or a record constructor), "
				+ "or remove it to take the type from the listener's parameter.";
		return new FailureAnalysis(description, action, cause);
	}

}
