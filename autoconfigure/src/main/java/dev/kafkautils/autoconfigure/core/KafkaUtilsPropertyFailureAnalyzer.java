package dev.kafkautils.autoconfigure.core;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed on a {@code kafka.utils.*} property: which property,
 * its value, what is wrong and how to fix it.
 */
public class KafkaUtilsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<KafkaUtilsPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KafkaUtilsPropertyException cause) {
		String description = "Property '" + cause.getProperty() + "' is set to '" + cause.getValue() + "': "
				+ cause.getReason() + ".";
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
