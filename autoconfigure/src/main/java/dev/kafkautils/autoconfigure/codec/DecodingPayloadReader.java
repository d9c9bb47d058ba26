package dev.kafkautils.autoconfigure.codec;

/**
 * A {@link PayloadReader} made of a decoding function, its content type and the name of
 * the type it produces: the shape of both built-in readers (a protobuf parser, a Jackson
 * reader). The function is called directly, so reading allocates nothing beyond what the
 * decoder does.
 *
 * @param decoder turns value bytes into the payload
 * @param contentType the content type the reader expects
 * @param typeName the type it produces, for messages
 */
record DecodingPayloadReader(Decoder decoder, ContentType contentType, String typeName) implements PayloadReader {

	@Override
	public Object read(byte[] data) throws Exception {
		return this.decoder.decode(data);
	}

	/**
	 * Decodes value bytes.
	 */
	@FunctionalInterface
	interface Decoder {

		Object decode(byte[] data) throws Exception;

	}

}
