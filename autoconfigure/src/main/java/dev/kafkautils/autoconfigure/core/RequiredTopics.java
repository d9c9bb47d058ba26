package dev.kafkautils.autoconfigure.core;

import java.util.Collection;
import java.util.List;

/**
 * Topics a concern needs provisioned beside the declared ones. Every bean of this type
 * is asked when topics are planned, so a concern adds the topics it writes to (the error
 * handling adds dead-letter and error-event topics) without the provisioning knowing
 * about it.
 */
public interface RequiredTopics {

	/**
	 * Topics needed whatever the listeners consume. Asked once, when the declared topics
	 * are planned, so a declared topic that is also required here takes this tier when
	 * it names none.
	 * @return the topics
	 */
	default Collection<RequiredTopic> fixed() {
		return List.of();
	}

	/**
	 * Topics needed because of what this service's listeners consume, such as their
	 * dead-letter topics.
	 * @param consumed the topics the listener containers consume, with their groups
	 * @return the topics
	 */
	default Collection<RequiredTopic> forConsumed(Collection<ConsumedTopic> consumed) {
		return List.of();
	}

}
