package dev.kafkautils.autoconfigure.codec;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Standard headers written on every record sent, under {@code kafka.utils.headers}.
 * Each can be renamed or turned off.
 */
@ConfigurationProperties(HeaderProperties.PREFIX)
public class HeaderProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".headers";

	/** Header naming the sending service (kafka.utils.service-name). */
	private final Header source = Header.named("source");

	/**
	 * Header holding the send time in epoch milliseconds, as decimal text. Off by default:
	 * every Kafka record carries its create time already (ConsumerRecord.timestamp()).
	 */
	private final Header timestamp = Header.named("timestamp", false);

	/** Header holding the payload's content type: application/x-protobuf, application/json or text/plain. */
	private final Header contentType = Header.named("content-type");

	public Header getSource() {
		return this.source;
	}

	public Header getTimestamp() {
		return this.timestamp;
	}

	public Header getContentType() {
		return this.contentType;
	}

	/**
	 * One standard header.
	 */
	public static class Header {

		/** Whether to write this header. */
		private boolean enabled = true;

		/** Name of the header. */
		private String name = "";

		static Header named(String name) {
			return named(name, true);
		}

		static Header named(String name, boolean enabled) {
			Header header = new Header();
			header.setName(name);
			header.setEnabled(enabled);
			return header;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

}
