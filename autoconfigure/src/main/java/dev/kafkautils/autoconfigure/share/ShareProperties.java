package dev.kafkautils.autoconfigure.share;

import java.time.Duration;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code kafka.utils.share}: share listeners (KIP-932 share groups).
 */
@ConfigurationProperties(ShareProperties.PREFIX)
public class ShareProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".share";

	/** Whether to auto-configure the share consumer factory and the share listener container factory. */
	private boolean enabled = true;

	/**
	 * How records are acknowledged: AUTO accepts a record when the listener returns and
	 * hands failures to the kafka-utils failure handling; MANUAL gives the listener a
	 * ShareAcknowledgment to accept, release, reject or renew each record itself.
	 */
	private AckMode ackMode = AckMode.AUTO;

	/** Share consumers (threads) per listener container, unless the listener sets its own concurrency. */
	private int concurrency = 1;

	/**
	 * Where a new share group starts reading (the group setting share.auto.offset.reset):
	 * earliest, latest, or by_duration: followed by an ISO-8601 duration such as PT1H. Set at start-up on every
	 * share group of the application's listeners that has no value of its own yet.
	 */
	private String autoOffsetReset = "earliest";

	/**
	 * How long a share consumer holds a delivered record before the broker gives it to
	 * another consumer (the group setting share.record.lock.duration.ms). Set at start-up
	 * on groups that have no value of their own yet; unset: the broker's
	 * group.share.record.lock.duration.ms.
	 */
	private @Nullable Duration recordLockDuration;

	/**
	 * Whether to check the cluster and set up the share groups at start-up: share groups
	 * enabled, kafka.utils.retry.max-attempts within the broker's delivery-count limit,
	 * and the group settings above. Also off with kafka.utils.provisioning.enabled=false.
	 */
	private boolean setupGroups = true;

	/** Longest each start-up call to the cluster (features, configs) may take. */
	private Duration operationTimeout = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public AckMode getAckMode() {
		return this.ackMode;
	}

	public void setAckMode(AckMode ackMode) {
		this.ackMode = ackMode;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public String getAutoOffsetReset() {
		return this.autoOffsetReset;
	}

	public void setAutoOffsetReset(String autoOffsetReset) {
		this.autoOffsetReset = autoOffsetReset;
	}

	public @Nullable Duration getRecordLockDuration() {
		return this.recordLockDuration;
	}

	public void setRecordLockDuration(@Nullable Duration recordLockDuration) {
		this.recordLockDuration = recordLockDuration;
	}

	public boolean isSetupGroups() {
		return this.setupGroups;
	}

	public void setSetupGroups(boolean setupGroups) {
		this.setupGroups = setupGroups;
	}

	public Duration getOperationTimeout() {
		return this.operationTimeout;
	}

	public void setOperationTimeout(Duration operationTimeout) {
		this.operationTimeout = operationTimeout;
	}

	/**
	 * How share listeners acknowledge records.
	 */
	public enum AckMode {

		/** Accept on return; a failure is released for redelivery or dead-lettered. */
		AUTO,

		/** The listener acknowledges each record through a ShareAcknowledgment parameter. */
		MANUAL

	}

}
