package dev.kafkautils.autoconfigure.codec;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Writes headers onto every record the kafka-utils serializer encodes, while the
 * record's headers are still writable. The default ({@link StandardHeaders}) writes the
 * source service, the send time and the content type, as configured under
 * {@code kafka.utils.headers}.
 * <p>
 * Declare a bean of this type to write other headers. It runs on the send path for every
 * record: build header instances once where their value does not change, and leave a
 * header the application has already set alone.
 */
@FunctionalInterface
public interface HeaderWriter {

	/**
	 * Add headers to an outgoing record.
	 * @param headers the record's headers
	 * @param contentType the payload's content type, or {@code null} for raw bytes and
	 * tombstones
	 */
	void write(Headers headers, @Nullable ContentType contentType);

	/**
	 * The header that announces a record's content type, which listeners check before
	 * they read a payload so that a record in another encoding is refused rather than
	 * misread.
	 * @return the header name, or {@code null} when no content-type header is written
	 */
	default @Nullable String contentTypeHeader() {
		return null;
	}

}
