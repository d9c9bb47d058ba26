package dev.kafkautils.autoconfigure.registry;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.kafkautils.autoconfigure.codec.ContentType;
import dev.kafkautils.autoconfigure.codec.PayloadFraming;
import dev.kafkautils.autoconfigure.codec.PayloadReader;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.Framing;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Frames protobuf payloads (and JSON payloads of the topics with JSON Schema) in the
 * Confluent wire format, with the schema each payload type has in the registry.
 * <p>
 * <b>Sending.</b> The first record of a message type on a topic registers the type's
 * schema file under the topic's subject (or, without auto-register, looks it up; with
 * use-latest-version takes the subject's latest version, which must have the type at
 * the same path), and caches the frame: magic byte 0, the id and the type's
 * message-index path in front of the value, or with {@code framing=header} the
 * {@value ConfluentWireFormat#VALUE_SCHEMA_ID_HEADER} header with magic byte 1, the
 * schema's GUID and the path. Every later record of that type and topic costs two map
 * lookups and the copy of the cached prefix.
 * <p>
 * <b>Receiving.</b> The frame is read (from the header when the record has one), the
 * schema is fetched by id or GUID once (the client caches it), and the message type at
 * the frame's path must be the declared type (the topic's configured type or the
 * listener's parameter); the bytes are then parsed with the generated class's parser,
 * nested and well-known types alike, never into a {@code DynamicMessage}. A schema and
 * path found to name the declared type are remembered with the type, so a record of a
 * known schema costs a scan of a few entries. A record that is not framed, whose schema
 * the registry does not know, or that holds another message type fails with a
 * {@link SerializationException}, which the converter turns into a
 * {@code DeserializationException}: the record is dead-lettered like any poison pill.
 */
public final class SchemaRegistryFraming implements PayloadFraming {

	/** Most schema/path pairs remembered per declared type. */
	private static final int MAX_ACCEPTED = 64;

	private final SchemaRegistryClient client;

	private final SchemaRegistryProperties properties;

	private final SubjectNames subjectNames;

	private final ProtobufSchemas protobufSchemas;

	private final SchemaIds schemaIds;

	private final @Nullable JsonSchemaFraming json;

	private final boolean inHeader;

	/** By topic, then by message type (the descriptor, so that dynamic messages of different types differ). */
	private final Map<String, Map<Descriptor, Framer>> framers = new ConcurrentHashMap<>();

	private final Map<Class<?>, ReadableType> readableTypes = new ConcurrentHashMap<>();

	private final Map<Integer, ProtoFileOutline> outlinesById = new ConcurrentHashMap<>();

	private final Map<UUID, ProtoFileOutline> outlinesByGuid = new ConcurrentHashMap<>();

	/**
	 * @param client the registry
	 * @param properties the registry settings
	 * @param subjectNames the subjects of topics and types
	 * @param protobufSchemas the schemas of protobuf files
	 * @param json frames the JSON payloads of the topics with JSON Schema, or {@code null}
	 * when no topic has it
	 */
	public SchemaRegistryFraming(SchemaRegistryClient client, SchemaRegistryProperties properties,
			SubjectNames subjectNames, ProtobufSchemas protobufSchemas, @Nullable JsonSchemaFraming json) {
		this.client = client;
		this.properties = properties;
		this.subjectNames = subjectNames;
		this.protobufSchemas = protobufSchemas;
		this.schemaIds = new SchemaIds(client, properties);
		this.json = json;
		this.inHeader = properties.getFraming() == Framing.HEADER;
	}

	@Override
	public boolean frames(String topic, ContentType contentType) {
		return switch (contentType) {
			case PROTOBUF -> true;
			case JSON -> this.json != null && this.json.frames(topic);
			case TEXT -> false;
		};
	}

	@Override
	public byte[] write(String topic, @Nullable Headers headers, Object value, ContentType contentType) {
		if (contentType == ContentType.JSON && this.json != null) {
			return this.json.write(topic, headers, value);
		}
		Message message = (Message) value;
		Framer framer = framer(topic, message);
		if (this.inHeader) {
			if (headers == null) {
				throw new SerializationException("kafka.utils.schema-registry.framing=header puts the schema in a "
						+ "header, but the producer gave no headers for a record of topic '" + topic + "'");
			}
			ConfluentWireFormat.setHeader(headers, false, framer.frame());
			return message.toByteArray();
		}
		byte[] prefix = framer.frame();
		int size = message.getSerializedSize();
		byte[] framed = new byte[prefix.length + size];
		System.arraycopy(prefix, 0, framed, 0, prefix.length);
		try {
			CodedOutputStream output = CodedOutputStream.newInstance(framed, prefix.length, size);
			message.writeTo(output);
			output.checkNoSpaceLeft();
		}
		catch (java.io.IOException ex) {
			throw new SerializationException("Cannot write " + message.getDescriptorForType().getFullName(), ex);
		}
		return framed;
	}

	@Override
	public Object read(String topic, Headers headers, byte[] value, Class<?> type, PayloadReader reader)
			throws Exception {
		if (reader.contentType() == ContentType.JSON && this.json != null) {
			return this.json.read(headers, value, reader);
		}
		SchemaFrame frame = ConfluentWireFormat.readProtobuf(headers, false, value);
		ReadableType readable = readableType(type);
		if (!readable.accepts(frame)) {
			MessageIndexes indexes = Objects.requireNonNull(frame.messageIndexes());
			String name = outline(frame).messageName(indexes);
			if (!name.equals(readable.fullName())) {
				throw new SerializationException("The record's schema (" + describe(frame) + ") names message type "
						+ name + " at path " + indexes + ", not " + readable.fullName() + ", the declared type "
						+ type.getName());
			}
			readable.accept(frame);
		}
		return readable.parser().parseFrom(value, frame.payloadOffset(), frame.payloadLength());
	}

	/** The cached frame of a message type on a topic: registered (or looked up) on first use. */
	private Framer framer(String topic, Message message) {
		Descriptor type = message.getDescriptorForType();
		Map<Descriptor, Framer> byType = this.framers.get(topic);
		if (byType == null) {
			byType = this.framers.computeIfAbsent(topic, (key) -> new ConcurrentHashMap<>());
		}
		Framer framer = byType.get(type);
		if (framer == null) {
			framer = byType.computeIfAbsent(type, (key) -> newFramer(topic, key));
		}
		return framer;
	}

	private Framer newFramer(String topic, Descriptor descriptor) {
		String subject = this.subjectNames.subject(topic, false, descriptor.getFullName());
		MessageIndexes indexes = ProtobufMessageIndexes.of(descriptor);
		try {
			RegistrySchema schema = this.protobufSchemas.schemaOf(descriptor.getFile());
			SchemaId id = this.schemaIds.resolve(subject, schema, (latest) -> {
				if (!RegistrySchema.PROTOBUF.equals(latest.schema().schemaType())) {
					return "it is a " + latest.schema().schemaType() + " schema";
				}
				String name = ProtoFileOutline.of(latest.schema().schema()).messageName(indexes);
				return name.equals(descriptor.getFullName()) ? null : "it has message type " + name + " at path "
						+ indexes + ", where " + descriptor.getFullName() + " has its place";
			});
			if (this.inHeader) {
				return new Framer(ConfluentWireFormat.protobufHeader(this.schemaIds.guid(subject, id), indexes));
			}
			return new Framer(ConfluentWireFormat.protobufPrefix(id.id(), indexes));
		}
		catch (SerializationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new SerializationException("Cannot frame " + descriptor.getFullName() + " for topic '" + topic
					+ "': the schema registry failed for subject '" + subject + "': " + ex.getMessage(), ex);
		}
	}

	private ReadableType readableType(Class<?> type) {
		ReadableType readable = this.readableTypes.get(type);
		if (readable == null) {
			readable = this.readableTypes.computeIfAbsent(type, ReadableType::of);
		}
		return readable;
	}

	private ProtoFileOutline outline(SchemaFrame frame) {
		UUID guid = frame.schemaGuid();
		if (guid != null) {
			return cached(this.outlinesByGuid, guid, () -> this.client.schemaByGuid(guid), frame);
		}
		return cached(this.outlinesById, frame.schemaId(), () -> this.client.schemaById(frame.schemaId()), frame);
	}

	private <K> ProtoFileOutline cached(Map<K, ProtoFileOutline> cache, K key,
			java.util.function.Supplier<RegistrySchema> fetch, SchemaFrame frame) {
		ProtoFileOutline outline = cache.get(key);
		if (outline != null) {
			return outline;
		}
		RegistrySchema schema;
		try {
			schema = fetch.get();
		}
		catch (RuntimeException ex) {
			throw new SerializationException("The record's schema (" + describe(frame)
					+ ") cannot be fetched from the schema registry: " + ex.getMessage(), ex);
		}
		if (!RegistrySchema.PROTOBUF.equals(schema.schemaType())) {
			throw new SerializationException("The record's schema (" + describe(frame) + ") is a "
					+ schema.schemaType() + " schema, not protobuf");
		}
		try {
			outline = ProtoFileOutline.of(schema.schema());
		}
		catch (IllegalArgumentException ex) {
			throw new SerializationException("The record's schema (" + describe(frame)
					+ ") is neither .proto text nor a base64 FileDescriptorProto: " + ex.getMessage(), ex);
		}
		if (cache.size() >= this.properties.getCache().getMaxEntries()) {
			cache.clear();
		}
		cache.put(key, outline);
		return outline;
	}

	static String describe(SchemaFrame frame) {
		UUID guid = frame.schemaGuid();
		return (guid != null) ? "GUID " + guid : "id " + frame.schemaId();
	}

	/** The frame of one message type on one topic: a value prefix, or a header value. */
	private record Framer(byte[] frame) {
	}

	/**
	 * A declared message type: its name, its parser, and the schema/path pairs found to
	 * name it (copy-on-write arrays, scanned without allocating).
	 */
	private static final class ReadableType {

		private final String fullName;

		private final Parser<?> parser;

		private volatile Accepted[] accepted = new Accepted[0];

		private ReadableType(String fullName, Parser<?> parser) {
			this.fullName = fullName;
			this.parser = parser;
		}

		static ReadableType of(Class<?> type) {
			try {
				Method getDefaultInstance = type.getMethod("getDefaultInstance");
				Message instance = (Message) getDefaultInstance.invoke(null);
				return new ReadableType(instance.getDescriptorForType().getFullName(), instance.getParserForType());
			}
			catch (ReflectiveOperationException | ClassCastException ex) {
				throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message class", ex);
			}
		}

		String fullName() {
			return this.fullName;
		}

		Parser<?> parser() {
			return this.parser;
		}

		boolean accepts(SchemaFrame frame) {
			for (Accepted entry : this.accepted) {
				if (entry.matches(frame)) {
					return true;
				}
			}
			return false;
		}

		synchronized void accept(SchemaFrame frame) {
			Accepted[] current = this.accepted;
			if (current.length >= MAX_ACCEPTED || accepts(frame)) {
				return;
			}
			Accepted[] next = java.util.Arrays.copyOf(current, current.length + 1);
			next[current.length] = new Accepted(frame.hasSchemaGuid() ? 0 : frame.schemaId(), frame.schemaGuid(),
					Objects.requireNonNull(frame.messageIndexes()));
			this.accepted = next;
		}

	}

	private record Accepted(int id, @Nullable UUID guid, MessageIndexes indexes) {

		boolean matches(SchemaFrame frame) {
			UUID frameGuid = frame.schemaGuid();
			if (frameGuid != null) {
				if (!frameGuid.equals(this.guid)) {
					return false;
				}
			}
			else if (this.guid != null || this.id != frame.schemaId()) {
				return false;
			}
			return this.indexes.equals(frame.messageIndexes());
		}

	}

}
