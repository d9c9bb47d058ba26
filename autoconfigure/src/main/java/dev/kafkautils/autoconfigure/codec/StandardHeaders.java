package dev.kafkautils.autoconfigure.codec;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * Writes the standard headers (source, send timestamp, content type) onto outgoing
 * records. Names and the source value are encoded once; a header the application has
 * already set on the record is left as it is.
 */
public final class StandardHeaders {

	private final @Nullable String sourceName;

	private final byte[] sourceValue;

	private final @Nullable String timestampName;

	private final @Nullable String contentTypeName;

	public StandardHeaders(HeaderProperties properties, String serviceName) {
		this.sourceName = properties.getSource().isEnabled() ? properties.getSource().getName() : null;
		this.sourceValue = serviceName.getBytes(StandardCharsets.UTF_8);
		this.timestampName = properties.getTimestamp().isEnabled() ? properties.getTimestamp().getName() : null;
		this.contentTypeName = properties.getContentType().isEnabled() ? properties.getContentType().getName() : null;
	}

	/**
	 * Add the standard headers that the record does not carry yet.
	 * @param headers the record's headers
	 * @param contentType the payload's content type, or {@code null} for raw bytes and tombstones
	 */
	void write(Headers headers, @Nullable ContentType contentType) {
		if (this.sourceName != null && headers.lastHeader(this.sourceName) == null) {
			headers.add(new RecordHeader(this.sourceName, this.sourceValue));
		}
		if (this.timestampName != null && headers.lastHeader(this.timestampName) == null) {
			headers.add(new RecordHeader(this.timestampName, decimal(System.currentTimeMillis())));
		}
		if (contentType != null && this.contentTypeName != null && headers.lastHeader(this.contentTypeName) == null) {
			headers.add(new RecordHeader(this.contentTypeName, contentType.headerValue()));
		}
	}

	/**
	 * @return the name of the content-type header, or {@code null} when it is turned off
	 */
	@Nullable String contentTypeName() {
		return this.contentTypeName;
	}

	/** ASCII decimal digits of a non-negative number, without an intermediate String. */
	static byte[] decimal(long value) {
		int length = 1;
		for (long rest = value / 10; rest > 0; rest /= 10) {
			length++;
		}
		byte[] digits = new byte[length];
		long rest = value;
		for (int i = length - 1; i >= 0; i--) {
			digits[i] = (byte) ('0' + (rest % 10));
			rest /= 10;
		}
		return digits;
	}

}
