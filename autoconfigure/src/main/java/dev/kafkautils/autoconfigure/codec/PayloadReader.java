package dev.kafkautils.autoconfigure.codec;

/**
 * Reads one payload type from its bytes. Instances are built once per type and are
 * thread-safe.
 */
public interface PayloadReader {

	/**
	 * Read a payload.
	 * @param data the record's value bytes
	 * @return the payload
	 * @throws Exception when the bytes are not a valid payload of this type
	 */
	Object read(byte[] data) throws Exception;

	/**
	 * @return the content type this reader expects
	 */
	ContentType contentType();

	/**
	 * @return the type this reader produces, for messages
	 */
	String typeName();

}
