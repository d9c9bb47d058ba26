package dev.kafkautils.autoconfigure.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until every new partition has a leader that answers an offset lookup, at most
 * {@code kafka.utils.provisioning.ready-timeout}.
 * <p>
 * A created topic or an added partition is not yet safe to write to: on Kafka 4.2 an
 * idempotent producer that sends the instant a new topic gets its leader can lose its
 * first batch (KAFKA-15591). An answered offset lookup shows the leader is fully serving,
 * so start-up completes only then.
 */
final class PartitionReadiness {

	// the provisioner's category: one logger to configure for everything provisioning says
	private static final Log logger = LogFactory.getLog(TopicProvisioner.class);

	/** Longest a single lookup may take, so that a slow one is retried within the timeout. */
	private static final int LOOKUP_TIMEOUT_MS = 5_000;

	private static final long RETRY_DELAY_MS = 100;

	private final ProvisioningProperties settings;

	PartitionReadiness(ProvisioningProperties settings) {
		this.settings = settings;
	}

	/**
	 * Look up the latest offset of every partition until all answer at once.
	 * @param admin the admin client
	 * @param partitions the new partitions
	 * @throws TopicProvisioningException when they do not answer within the ready timeout
	 */
	void await(Admin admin, Collection<TopicPartition> partitions) throws InterruptedException {
		if (partitions.isEmpty()) {
			return;
		}
		Map<TopicPartition, OffsetSpec> lookups = new HashMap<>();
		partitions.forEach((partition) -> lookups.put(partition, OffsetSpec.latest()));
		Duration timeout = this.settings.getReadyTimeout();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
			try {
				ListOffsetsOptions options = new ListOffsetsOptions()
					.timeoutMs((int) Math.min(remainingMs, LOOKUP_TIMEOUT_MS));
				admin.listOffsets(lookups, options).all().get(remainingMs, TimeUnit.MILLISECONDS);
				logger.debug("All " + lookups.size() + " new partition(s) answer offset lookups");
				return;
			}
			catch (ExecutionException | TimeoutException ex) {
				if (System.nanoTime() - deadline >= 0) {
					throw new TopicProvisioningException(ProvisioningProblems.partitionsNotReady(partitions, timeout),
							ex);
				}
			}
			Thread.sleep(RETRY_DELAY_MS);
		}
	}

}
