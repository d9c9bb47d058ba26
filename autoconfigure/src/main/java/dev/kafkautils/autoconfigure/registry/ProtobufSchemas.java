package dev.kafkautils.autoconfigure.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * The registry schema of a protobuf file: its {@code .proto} text
 * ({@link ProtoFileRenderer}) and a reference for each import, as Confluent's clients
 * register them: each imported file under its own subject (the import path, such as
 * {@code acme/common/money.proto}) at the version that holds it; the well-known types
 * ({@code google/protobuf/*}) are no references, every registry knows them. With
 * auto-register the imported files are registered (imports of imports first), else they
 * must already be registered. Each file is resolved once and cached.
 */
public final class ProtobufSchemas {

	private static final String WELL_KNOWN_PREFIX = "google/protobuf/";

	private final SchemaRegistryClient client;

	private final boolean autoRegister;

	private final boolean normalize;

	private final Map<String, RegistrySchema> schemas = new ConcurrentHashMap<>();

	private final Map<String, SchemaReference> references = new ConcurrentHashMap<>();

	/**
	 * @param client the registry
	 * @param autoRegister whether imported files are registered
	 * @param normalize whether the registry normalises what it registers and looks up
	 */
	public ProtobufSchemas(SchemaRegistryClient client, boolean autoRegister, boolean normalize) {
		this.client = client;
		this.autoRegister = autoRegister;
		this.normalize = normalize;
	}

	/**
	 * The schema of a file, with its imports as references.
	 * @param file the file of a message type
	 * @return the schema to register or check
	 * @throws SchemaRegistryException when the registry refuses an import
	 * @throws IllegalStateException when (without auto-register) the registry does not
	 * have an import
	 */
	public RegistrySchema schemaOf(FileDescriptor file) {
		RegistrySchema schema = this.schemas.get(file.getName());
		if (schema == null) {
			List<SchemaReference> imports = new ArrayList<>();
			for (FileDescriptor dependency : file.getDependencies()) {
				if (!isWellKnown(dependency)) {
					imports.add(reference(dependency));
				}
			}
			schema = new RegistrySchema(RegistrySchema.PROTOBUF, ProtoFileRenderer.render(file), imports);
			this.schemas.put(file.getName(), schema);
		}
		return schema;
	}

	/**
	 * @param file a protobuf file
	 * @return whether it is one of the well-known types, which are never references
	 */
	public static boolean isWellKnown(FileDescriptor file) {
		return file.getName().startsWith(WELL_KNOWN_PREFIX);
	}

	private SchemaReference reference(FileDescriptor dependency) {
		SchemaReference reference = this.references.get(dependency.getName());
		if (reference != null) {
			return reference;
		}
		String subject = dependency.getName();
		RegistrySchema schema = schemaOf(dependency);
		if (this.autoRegister) {
			this.client.register(subject, schema, this.normalize);
		}
		SubjectVersion version = this.client.lookup(subject, schema, this.normalize)
			.orElseThrow(() -> new IllegalStateException("The imported file " + dependency.getName()
					+ " is not registered under subject '" + subject + "'" + (this.autoRegister ? ""
							: " (kafka.utils.schema-registry.auto-register is false: register it first)")));
		reference = new SchemaReference(dependency.getName(), subject, version.version());
		this.references.put(dependency.getName(), reference);
		return reference;
	}

}
