package dev.kafkautils.autoconfigure.core;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because kafka-utils found several beans where it uses
 * one: which beans, what for, and how to choose.
 */
class AmbiguousBeanFailureAnalyzer extends AbstractFailureAnalyzer<AmbiguousBeanException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AmbiguousBeanException cause) {
		String type = cause.getBeanType().getSimpleName();
		String description = "kafka-utils found " + cause.getBeanNames().size() + " " + type + " beans "
				+ cause.getBeanNames() + " where it uses one: " + cause.getUse()
				+ ". It would not guess which one is meant.";
		String action = "Mark the " + type + " bean to use with @Primary, or remove the others (without any, "
				+ "kafka-utils uses its own).";
		return new FailureAnalysis(description, action, cause);
	}

}
