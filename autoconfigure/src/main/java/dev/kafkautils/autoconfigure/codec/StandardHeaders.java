package dev.kafkautils.autoconfigure.codec;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link HeaderWriter}: writes the standard headers (source, send timestamp,
 * content type) onto outgoing records, as configured under {@code kafka.utils.headers}. The headers are built once (the timestamp once per millisecond) and shared
 * by the records, so the send path allocates no header per record; a header the
 * application has already set on the record is left as it is.
 */
public class StandardHeaders implements HeaderWriter {

	private final @Nullable String sourceName;

	private final @Nullable String timestampName;

	private final @Nullable String contentTypeName;

	/**
	 * Headers whose value never changes are built once and shared by every record: a
	 * {@link RecordHeader} has no setters, and the producer only reads it while it writes
	 * the record.
	 */
	private final @Nullable Header source;

	private final Header @Nullable [] contentTypes;

	/**
	 * The timestamp header of the current millisecond, shared by the records sent in it.
	 * A race only builds an equal header twice.
	 */
	private volatile @Nullable Header timestamp;

	public StandardHeaders(HeaderProperties properties, String serviceName) {
		this.sourceName = properties.getSource().isEnabled() ? properties.getSource().getName() : null;
		this.timestampName = properties.getTimestamp().isEnabled() ? properties.getTimestamp().getName() : null;
		this.contentTypeName = properties.getContentType().isEnabled() ? properties.getContentType().getName() : null;
		this.source = (this.sourceName != null)
				? new RecordHeader(this.sourceName, serviceName.getBytes(StandardCharsets.UTF_8)) : null;
		this.contentTypes = (this.contentTypeName != null) ? contentTypeHeaders(this.contentTypeName) : null;
	}

	private static Header[] contentTypeHeaders(String name) {
		ContentType[] types = ContentType.values();
		Header[] headers = new Header[types.length];
		for (ContentType type : types) {
			headers[type.ordinal()] = new RecordHeader(name, type.headerValue());
		}
		return headers;
	}

	/**
	 * Add the standard headers that the record does not carry yet. Allocates nothing
	 * but, at most once per millisecond, the timestamp header.
	 * @param headers the record's headers
	 * @param contentType the payload's content type, or {@code null} for raw bytes and tombstones
	 */
	@Override
	public void write(Headers headers, @Nullable ContentType contentType) {
		if (this.source != null && headers.lastHeader(this.sourceName) == null) {
			headers.add(this.source);
		}
		if (this.timestampName != null && headers.lastHeader(this.timestampName) == null) {
			headers.add(timestampHeader(System.currentTimeMillis()));
		}
		if (contentType != null && this.contentTypes != null && headers.lastHeader(this.contentTypeName) == null) {
			headers.add(this.contentTypes[contentType.ordinal()]);
		}
	}

	private Header timestampHeader(long now) {
		Header current = this.timestamp;
		if (current instanceof TimestampHeader header && header.millis == now) {
			return header;
		}
		TimestampHeader header = new TimestampHeader(this.timestampName, now);
		this.timestamp = header;
		return header;
	}

	/**
	 * @return the name of the content-type header, or {@code null} when it is turned off
	 */
	@Override
	public @Nullable String contentTypeHeader() {
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

	/** A timestamp header that remembers the millisecond it was built for. */
	private static final class TimestampHeader extends RecordHeader {

		private final long millis;

		TimestampHeader(String name, long millis) {
			super(name, decimal(millis));
			this.millis = millis;
		}

	}

}
