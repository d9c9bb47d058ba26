package dev.kafkautils.autoconfigure.codec;

import java.nio.charset.StandardCharsets;

/**
 * The payload encodings kafka-utils writes, with their content-type header values
 * encoded once.
 */
public enum ContentType {

	/** A protobuf message's binary encoding. */
	PROTOBUF("application/x-protobuf"),

	/** JSON written with the application's Jackson configuration. */
	JSON("application/json"),

	/** A string as UTF-8 text. */
	TEXT("text/plain");

	private final String mimeType;

	private final byte[] headerValue;

	ContentType(String mimeType) {
		this.mimeType = mimeType;
		this.headerValue = mimeType.getBytes(StandardCharsets.US_ASCII);
	}

	public String mimeType() {
		return this.mimeType;
	}

	byte[] headerValue() {
		return this.headerValue;
	}

	/**
	 * Whether a content-type header value announces this content type (parameters such
	 * as {@code ;charset=utf-8} are ignored).
	 * @param value the header value
	 * @return whether the value names this type
	 */
	boolean matches(byte[] value) {
		if (value.length < this.headerValue.length) {
			return false;
		}
		for (int i = 0; i < this.headerValue.length; i++) {
			if (Character.toLowerCase(value[i]) != this.headerValue[i]) {
				return false;
			}
		}
		return value.length == this.headerValue.length || value[this.headerValue.length] == ';'
				|| value[this.headerValue.length] == ' ';
	}

}
