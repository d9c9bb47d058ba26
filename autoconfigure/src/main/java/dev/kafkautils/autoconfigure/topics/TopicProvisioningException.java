package dev.kafkautils.autoconfigure.topics;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;

/**
 * Thrown at start-up when topics cannot be provisioned as configured: each problem
 * names the property behind it and how to fix it.
 */
public class TopicProvisioningException extends KafkaException {

	private final List<Problem> problems;

	public TopicProvisioningException(List<Problem> problems) {
		this(problems, null);
	}

	public TopicProvisioningException(List<Problem> problems, @Nullable Throwable cause) {
		super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")), cause);
		this.problems = List.copyOf(problems);
	}

	public TopicProvisioningException(Problem problem, @Nullable Throwable cause) {
		this(List.of(problem), cause);
	}

	public List<Problem> getProblems() {
		return this.problems;
	}

	/**
	 * One thing wrong with the topic settings or the cluster.
	 *
	 * @param property the property to change
	 * @param description what is wrong
	 * @param action how to fix it
	 */
	public record Problem(String property, String description, String action) {

		@Override
		public String toString() {
			return this.description + " (" + this.property + ")";
		}

	}

}
