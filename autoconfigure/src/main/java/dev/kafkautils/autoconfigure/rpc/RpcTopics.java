package dev.kafkautils.autoconfigure.rpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.kafkautils.autoconfigure.core.ConsumedTopic;
import dev.kafkautils.autoconfigure.core.RequiredTopic;
import dev.kafkautils.autoconfigure.core.RequiredTopics;
import dev.kafkautils.autoconfigure.core.TierProperties;

/**
 * The topics of the request/reply clients, for provisioning: each client's request
 * topic in the {@code standard} tier and its reply topic in the short-retention
 * {@code reply} tier, unless they are declared under {@code kafka.utils.topics}. Asked
 * when provisioning runs, after every bean exists, so it sees the clients declared as
 * beans.
 */
class RpcTopics implements RequiredTopics {

	private static final String REPLY_TOPIC = RpcProperties.PREFIX + ".reply-topic";

	private final RpcClientFactory clients;

	RpcTopics(RpcClientFactory clients) {
		this.clients = clients;
	}

	@Override
	public Collection<RequiredTopic> forConsumed(Collection<ConsumedTopic> consumed) {
		List<RequiredTopic> required = new ArrayList<>();
		for (RpcClient<?, ?> client : this.clients.clients()) {
			required.add(new RequiredTopic(client.getRequestTopic(), TierProperties.STANDARD,
					"the request topic of an RpcClient bean"));
			required.add(new RequiredTopic(client.getReplyTopic(), TierProperties.REPLY, REPLY_TOPIC));
		}
		return required;
	}

}
