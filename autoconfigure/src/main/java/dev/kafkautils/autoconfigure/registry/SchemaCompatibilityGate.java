package dev.kafkautils.autoconfigure.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import dev.kafkautils.autoconfigure.codec.PayloadTypes;
import dev.kafkautils.autoconfigure.registry.IncompatibleSchemaException.Incompatibility;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties.Compatibility;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;

/**
 * The start-up compatibility gate: for every topic with a declared payload type
 * ({@code kafka.utils.topics.<logical>.type}) whose schema goes to the registry (protobuf
 * types, and JSON types of topics with JSON Schema), sets the subject's compatibility
 * level ({@code compatibility}, unless NONE) and checks the local schema against the
 * subject's latest version. Incompatible schemas fail start-up with an
 * {@link IncompatibleSchemaException} naming each topic, subject and the registry's
 * reason ({@code fail-on-incompatible}, the default), or are logged as a warning.
 * <p>
 * It runs once, when the bean is initialised: the registry framing, and so the
 * starter's serializer, is created after it, before any record is sent.
 */
public final class SchemaCompatibilityGate implements InitializingBean {

	private static final Log logger = LogFactory.getLog(SchemaCompatibilityGate.class);

	private final SchemaRegistryClient client;

	private final SchemaRegistryProperties properties;

	private final PayloadTypes payloadTypes;

	private final SubjectNames subjectNames;

	private final ProtobufSchemas protobufSchemas;

	private final @Nullable JsonSchemaFraming json;

	/**
	 * @param client the registry
	 * @param properties the registry settings
	 * @param payloadTypes the declared payload types
	 * @param subjectNames the subjects of topics and types
	 * @param protobufSchemas the schemas of protobuf files
	 * @param json the JSON Schema framing, or {@code null} when no topic has JSON Schema
	 */
	public SchemaCompatibilityGate(SchemaRegistryClient client, SchemaRegistryProperties properties,
			PayloadTypes payloadTypes, SubjectNames subjectNames, ProtobufSchemas protobufSchemas,
			@Nullable JsonSchemaFraming json) {
		this.client = client;
		this.properties = properties;
		this.payloadTypes = payloadTypes;
		this.subjectNames = subjectNames;
		this.protobufSchemas = protobufSchemas;
		this.json = json;
	}

	@Override
	public void afterPropertiesSet() {
		check();
	}

	/**
	 * Checks every declared payload type.
	 * @return the incompatibilities found (empty when all are compatible)
	 * @throws IncompatibleSchemaException when there are some and fail-on-incompatible
	 * is true
	 */
	public List<Incompatibility> check() {
		List<Incompatibility> incompatibilities = new ArrayList<>();
		for (Map.Entry<String, Class<?>> declared : this.payloadTypes.types().entrySet()) {
			String topic = declared.getKey();
			Class<?> type = declared.getValue();
			Checked checked = schemaOf(topic, type);
			if (checked == null) {
				continue;
			}
			if (this.properties.getCompatibility() != Compatibility.NONE) {
				this.client.setCompatibility(checked.subject(), this.properties.getCompatibility().name());
			}
			CompatibilityResult result = this.client.checkCompatibility(checked.subject(), checked.schema());
			if (!result.compatible()) {
				incompatibilities.add(new Incompatibility(topic, type.getName(), checked.subject(), result.messages()));
			}
		}
		if (!incompatibilities.isEmpty()) {
			IncompatibleSchemaException failure = new IncompatibleSchemaException(incompatibilities);
			if (this.properties.isFailOnIncompatible()) {
				throw failure;
			}
			logger.warn(failure.getMessage() + " (" + SchemaRegistryProperties.PREFIX
					+ ".fail-on-incompatible=false: starting anyway)");
		}
		return incompatibilities;
	}

	private @Nullable Checked schemaOf(String topic, Class<?> type) {
		if (Message.class.isAssignableFrom(type)) {
			Descriptor descriptor = descriptorOf(type);
			return new Checked(this.subjectNames.subject(topic, false, descriptor.getFullName()),
					this.protobufSchemas.schemaOf(descriptor.getFile()));
		}
		if (this.json != null && this.json.frames(topic)) {
			return new Checked(this.json.subject(topic, type), this.json.schemaOf(type));
		}
		return null;
	}

	private static Descriptor descriptorOf(Class<?> type) {
		try {
			return ((Message) type.getMethod("getDefaultInstance").invoke(null)).getDescriptorForType();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(type.getName() + " is not a generated protobuf message class", ex);
		}
	}

	private record Checked(String subject, RegistrySchema schema) {
	}

}
