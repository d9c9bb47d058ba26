package dev.kafkautils.autoconfigure.topics;

import java.util.List;
import java.util.stream.Collectors;

import dev.kafkautils.autoconfigure.topics.TopicProvisioningException.Problem;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because topics could not be provisioned as
 * configured: the property behind each problem, and how to fix it.
 */
class TopicProvisioningFailureAnalyzer extends AbstractFailureAnalyzer<TopicProvisioningException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TopicProvisioningException cause) {
		List<Problem> problems = cause.getProblems();
		if (problems.size() == 1) {
			Problem problem = problems.get(0);
			return new FailureAnalysis("Kafka topic provisioning failed: " + problem.description() + " (property '"
					+ problem.property() + "').", problem.action() + ".", cause);
		}
		String description = problems.stream()
			.map((problem) -> "  - " + problem.description() + " (property '" + problem.property() + "')")
			.collect(Collectors.joining("\n", "Kafka topic provisioning failed:\n", ""));
		String action = problems.stream()
			.map((problem) -> "  - " + problem.action() + ".")
			.distinct()
			.collect(Collectors.joining("\n"));
		return new FailureAnalysis(description, action, cause);
	}

}
