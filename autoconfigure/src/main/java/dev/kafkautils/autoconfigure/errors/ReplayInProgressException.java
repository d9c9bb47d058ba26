package dev.kafkautils.autoconfigure.errors;

import org.springframework.kafka.KafkaException;

/**
 * Thrown when a replay of a dead-letter topic is asked for while another replay of the
 * same topic is running in this service: two replays would send the same records back
 * twice.
 */
public class ReplayInProgressException extends KafkaException {

	public ReplayInProgressException(String deadLetterTopic) {
		super("A replay of " + deadLetterTopic + " is already running; wait for its result and replay again "
				+ "from its resumeAt offsets if it did not complete");
	}

}
