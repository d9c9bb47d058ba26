package dev.kafkautils.autoconfigure.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Renders a protobuf file descriptor as {@code .proto} text, the form Confluent's Java
 * serializer registers and every registry can check for compatibility. protobuf-java has
 * no printer, and the libraries that have one bring a Kotlin tool chain with them, so
 * this renders what a descriptor holds: syntax (or edition), package, imports (public and
 * weak too), the standard file options, messages with their nested messages, enums,
 * oneofs, maps, groups, reserved numbers and names, extension ranges and extensions,
 * field options that change the wire or the API ({@code packed}, {@code deprecated},
 * {@code default}, {@code json_name} when not the default), enums with their reserved
 * values and {@code allow_alias}, and services. Custom options (extensions of the
 * {@code *Options} messages) and edition features are not rendered.
 * <p>
 * Type names are written fully qualified with a leading dot, so no scope can shadow
 * them. Nested messages keep their order, with the implicit entry message of a
 * {@code map} field (and the message of a group) in its field's place: parsing the text
 * again gives every message type the {@linkplain ProtobufMessageIndexes message-index
 * path} it has in the descriptor, which is what framed records carry.
 */
public final class ProtoFileRenderer {

	private static final int MAX_FIELD_NUMBER = 536_870_911;

	private final FileDescriptorProto file;

	private final boolean proto3;

	private final boolean editions;

	/** The message descriptors of the file by their full name with a leading dot. */
	private final Map<String, DescriptorProto> messagesByName = new HashMap<>();

	private final StringBuilder out = new StringBuilder(1024);

	private ProtoFileRenderer(FileDescriptorProto file) {
		this.file = file;
		this.proto3 = "proto3".equals(file.getSyntax());
		this.editions = "editions".equals(file.getSyntax());
		String prefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
		for (DescriptorProto message : file.getMessageTypeList()) {
			index(prefix, message);
		}
	}

	/**
	 * @param file the file of a generated message type ({@code Descriptor.getFile()})
	 * @return the file as {@code .proto} text
	 */
	public static String render(FileDescriptor file) {
		return render(file.toProto());
	}

	/**
	 * @param file a file descriptor
	 * @return the file as {@code .proto} text
	 */
	public static String render(FileDescriptorProto file) {
		return new ProtoFileRenderer(file).file();
	}

	private void index(String prefix, DescriptorProto message) {
		String name = prefix + message.getName();
		this.messagesByName.put(name, message);
		for (DescriptorProto nested : message.getNestedTypeList()) {
			index(name + ".", nested);
		}
	}

	private String file() {
		if (this.editions) {
			line(0, "edition = \"" + editionName() + "\";");
		}
		else {
			line(0, "syntax = \"" + (this.proto3 ? "proto3" : "proto2") + "\";");
		}
		if (!this.file.getPackage().isEmpty()) {
			line(0, "package " + this.file.getPackage() + ";");
		}
		if (this.file.getDependencyCount() > 0) {
			this.out.append('\n');
			for (int i = 0; i < this.file.getDependencyCount(); i++) {
				String kind = this.file.getPublicDependencyList().contains(i) ? "public "
						: this.file.getWeakDependencyList().contains(i) ? "weak " : "";
				line(0, "import " + kind + quote(this.file.getDependency(i)) + ";");
			}
		}
		fileOptions(this.file.getOptions());
		for (EnumDescriptorProto enumType : this.file.getEnumTypeList()) {
			this.out.append('\n');
			enumType(0, enumType);
		}
		for (DescriptorProto message : this.file.getMessageTypeList()) {
			this.out.append('\n');
			message(0, message);
		}
		extensions(0, this.file.getExtensionList());
		for (ServiceDescriptorProto service : this.file.getServiceList()) {
			this.out.append('\n');
			service(service);
		}
		return this.out.toString();
	}

	private String editionName() {
		String edition = this.file.getEdition().name();
		return edition.startsWith("EDITION_") ? edition.substring("EDITION_".length()) : edition;
	}

	private void fileOptions(FileOptions options) {
		Map<String, String> rendered = new LinkedHashMap<>();
		if (options.hasJavaPackage()) {
			rendered.put("java_package", quote(options.getJavaPackage()));
		}
		if (options.hasJavaOuterClassname()) {
			rendered.put("java_outer_classname", quote(options.getJavaOuterClassname()));
		}
		if (options.hasJavaMultipleFiles()) {
			rendered.put("java_multiple_files", String.valueOf(options.getJavaMultipleFiles()));
		}
		if (options.hasJavaStringCheckUtf8()) {
			rendered.put("java_string_check_utf8", String.valueOf(options.getJavaStringCheckUtf8()));
		}
		if (options.hasOptimizeFor()) {
			rendered.put("optimize_for", options.getOptimizeFor().name());
		}
		if (options.hasGoPackage()) {
			rendered.put("go_package", quote(options.getGoPackage()));
		}
		if (options.hasCcEnableArenas()) {
			rendered.put("cc_enable_arenas", String.valueOf(options.getCcEnableArenas()));
		}
		if (options.hasObjcClassPrefix()) {
			rendered.put("objc_class_prefix", quote(options.getObjcClassPrefix()));
		}
		if (options.hasCsharpNamespace()) {
			rendered.put("csharp_namespace", quote(options.getCsharpNamespace()));
		}
		if (options.hasSwiftPrefix()) {
			rendered.put("swift_prefix", quote(options.getSwiftPrefix()));
		}
		if (options.hasPhpNamespace()) {
			rendered.put("php_namespace", quote(options.getPhpNamespace()));
		}
		if (options.hasRubyPackage()) {
			rendered.put("ruby_package", quote(options.getRubyPackage()));
		}
		if (options.hasDeprecated()) {
			rendered.put("deprecated", String.valueOf(options.getDeprecated()));
		}
		if (!rendered.isEmpty()) {
			this.out.append('\n');
			rendered.forEach((name, value) -> line(0, "option " + name + " = " + value + ";"));
		}
	}

	private void message(int depth, DescriptorProto message) {
		line(depth, "message " + message.getName() + " {");
		messageBody(depth + 1, message);
		line(depth, "}");
	}

	private void messageBody(int depth, DescriptorProto message) {
		if (message.getOptions().hasDeprecated()) {
			line(depth, "option deprecated = " + message.getOptions().getDeprecated() + ";");
		}
		if (message.getOptions().getMessageSetWireFormat()) {
			line(depth, "option message_set_wire_format = true;");
		}
		reserved(depth, message);
		if (message.getExtensionRangeCount() > 0) {
			List<String> ranges = new ArrayList<>();
			message.getExtensionRangeList()
				.forEach((range) -> ranges.add(range(range.getStart(), range.getEnd() - 1)));
			line(depth, "extensions " + String.join(", ", ranges) + ";");
		}
		for (EnumDescriptorProto enumType : message.getEnumTypeList()) {
			enumType(depth, enumType);
		}
		// fields in their order, each nested message before the first field declared
		// after it, and the entry message of a map field (or the message of a group) as
		// part of its field: the nested messages keep their indexes
		Map<String, Integer> nestedIndex = new HashMap<>();
		for (int i = 0; i < message.getNestedTypeCount(); i++) {
			nestedIndex.put(message.getNestedType(i).getName(), i);
		}
		boolean[] owned = new boolean[message.getNestedTypeCount()];
		for (FieldDescriptorProto field : message.getFieldList()) {
			DescriptorProto fieldMessage = ownedMessage(field);
			if (fieldMessage != null && nestedIndex.containsKey(fieldMessage.getName())) {
				owned[nestedIndex.get(fieldMessage.getName())] = true;
			}
		}
		int[] next = { 0 };
		boolean[] oneofRendered = new boolean[message.getOneofDeclCount()];
		for (FieldDescriptorProto field : message.getFieldList()) {
			if (isInRealOneof(field)) {
				int oneof = field.getOneofIndex();
				if (oneofRendered[oneof]) {
					continue;
				}
				oneofRendered[oneof] = true;
				List<FieldDescriptorProto> members = message.getFieldList()
					.stream()
					.filter((member) -> isInRealOneof(member) && member.getOneofIndex() == oneof)
					.toList();
				for (FieldDescriptorProto member : members) {
					nestedBefore(depth, message, member, nestedIndex, owned, next);
				}
				line(depth, "oneof " + message.getOneofDecl(oneof).getName() + " {");
				for (FieldDescriptorProto member : members) {
					field(depth + 1, member, true);
				}
				line(depth, "}");
			}
			else {
				nestedBefore(depth, message, field, nestedIndex, owned, next);
				field(depth, field, false);
			}
		}
		for (int i = next[0]; i < message.getNestedTypeCount(); i++) {
			if (!owned[i]) {
				message(depth, message.getNestedType(i));
			}
		}
		extensions(depth, message.getExtensionList());
	}

	/** Renders the nested messages declared before the one a map or group field owns. */
	private void nestedBefore(int depth, DescriptorProto message, FieldDescriptorProto field,
			Map<String, Integer> nestedIndex, boolean[] owned, int[] next) {
		DescriptorProto fieldMessage = ownedMessage(field);
		Integer index = (fieldMessage != null) ? nestedIndex.get(fieldMessage.getName()) : null;
		if (index == null) {
			return;
		}
		for (; next[0] < index; next[0]++) {
			if (!owned[next[0]]) {
				message(depth, message.getNestedType(next[0]));
			}
		}
		next[0] = Math.max(next[0], index + 1);
	}

	/** The map entry or group message that a field declares, else null. */
	private @Nullable DescriptorProto ownedMessage(FieldDescriptorProto field) {
		if (field.getType() == FieldDescriptorProto.Type.TYPE_GROUP) {
			return this.messagesByName.get(field.getTypeName());
		}
		if (field.getType() == FieldDescriptorProto.Type.TYPE_MESSAGE
				&& field.getLabel() == FieldDescriptorProto.Label.LABEL_REPEATED) {
			DescriptorProto type = this.messagesByName.get(field.getTypeName());
			if (type != null && type.getOptions().getMapEntry()) {
				return type;
			}
		}
		return null;
	}

	private static boolean isInRealOneof(FieldDescriptorProto field) {
		return field.hasOneofIndex() && !field.getProto3Optional();
	}

	private void field(int depth, FieldDescriptorProto field, boolean inOneof) {
		DescriptorProto owned = ownedMessage(field);
		String options = fieldOptions(field);
		if (owned != null && field.getType() != FieldDescriptorProto.Type.TYPE_GROUP) {
			FieldDescriptorProto key = owned.getField(0);
			FieldDescriptorProto value = owned.getField(1);
			line(depth, "map<" + typeName(key) + ", " + typeName(value) + "> " + field.getName() + " = "
					+ field.getNumber() + options + ";");
			return;
		}
		String label = inOneof ? "" : label(field);
		if (owned != null) {
			line(depth, label + "group " + owned.getName() + " = " + field.getNumber() + options + " {");
			messageBody(depth + 1, owned);
			line(depth, "}");
			return;
		}
		line(depth, label + typeName(field) + " " + field.getName() + " = " + field.getNumber() + options + ";");
	}

	private String label(FieldDescriptorProto field) {
		return switch (field.getLabel()) {
			case LABEL_REPEATED -> "repeated ";
			case LABEL_REQUIRED -> "required ";
			case LABEL_OPTIONAL -> {
				if (this.editions) {
					yield "";
				}
				if (this.proto3) {
					yield field.getProto3Optional() ? "optional " : "";
				}
				yield "optional ";
			}
		};
	}

	private String fieldOptions(FieldDescriptorProto field) {
		List<String> options = new ArrayList<>();
		if (field.hasDefaultValue()) {
			options.add("default = " + defaultValue(field));
		}
		if (field.getOptions().hasPacked()) {
			options.add("packed = " + field.getOptions().getPacked());
		}
		if (field.getOptions().hasDeprecated()) {
			options.add("deprecated = " + field.getOptions().getDeprecated());
		}
		if (field.getOptions().hasLazy()) {
			options.add("lazy = " + field.getOptions().getLazy());
		}
		if (field.hasJsonName() && !field.getJsonName().equals(defaultJsonName(field.getName()))) {
			options.add("json_name = " + quote(field.getJsonName()));
		}
		return options.isEmpty() ? "" : " [" + String.join(", ", options) + "]";
	}

	private static String defaultValue(FieldDescriptorProto field) {
		String value = field.getDefaultValue();
		return switch (field.getType()) {
			case TYPE_STRING -> quote(value);
			// descriptors hold bytes defaults already escaped as in .proto text
			case TYPE_BYTES -> "\"" + value + "\"";
			default -> value;
		};
	}

	/** protoc's json_name for a field name: underscores dropped, the next letter upper case. */
	static String defaultJsonName(String name) {
		StringBuilder json = new StringBuilder(name.length());
		boolean upper = false;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '_') {
				upper = true;
			}
			else if (upper) {
				json.append(Character.toUpperCase(c));
				upper = false;
			}
			else {
				json.append(c);
			}
		}
		return json.toString();
	}

	private static String typeName(FieldDescriptorProto field) {
		return switch (field.getType()) {
			case TYPE_DOUBLE -> "double";
			case TYPE_FLOAT -> "float";
			case TYPE_INT64 -> "int64";
			case TYPE_UINT64 -> "uint64";
			case TYPE_INT32 -> "int32";
			case TYPE_FIXED64 -> "fixed64";
			case TYPE_FIXED32 -> "fixed32";
			case TYPE_BOOL -> "bool";
			case TYPE_STRING -> "string";
			case TYPE_BYTES -> "bytes";
			case TYPE_UINT32 -> "uint32";
			case TYPE_SFIXED32 -> "sfixed32";
			case TYPE_SFIXED64 -> "sfixed64";
			case TYPE_SINT32 -> "sint32";
			case TYPE_SINT64 -> "sint64";
			case TYPE_GROUP, TYPE_MESSAGE, TYPE_ENUM -> field.getTypeName();
		};
	}

	private void reserved(int depth, DescriptorProto message) {
		if (message.getReservedRangeCount() > 0) {
			List<String> ranges = new ArrayList<>();
			message.getReservedRangeList().forEach((range) -> ranges.add(range(range.getStart(), range.getEnd() - 1)));
			line(depth, "reserved " + String.join(", ", ranges) + ";");
		}
		reservedNames(depth, message.getReservedNameList());
	}

	private void reservedNames(int depth, List<String> names) {
		if (!names.isEmpty()) {
			line(depth, "reserved "
					+ String.join(", ", names.stream().map((name) -> this.editions ? name : quote(name)).toList())
					+ ";");
		}
	}

	private static String range(int start, int end) {
		if (start == end) {
			return String.valueOf(start);
		}
		return start + " to " + ((end >= MAX_FIELD_NUMBER) ? "max" : String.valueOf(end));
	}

	private void enumType(int depth, EnumDescriptorProto enumType) {
		line(depth, "enum " + enumType.getName() + " {");
		if (enumType.getOptions().getAllowAlias()) {
			line(depth + 1, "option allow_alias = true;");
		}
		if (enumType.getOptions().hasDeprecated()) {
			line(depth + 1, "option deprecated = " + enumType.getOptions().getDeprecated() + ";");
		}
		if (enumType.getReservedRangeCount() > 0) {
			List<String> ranges = new ArrayList<>();
			// enum reserved ranges are inclusive
			enumType.getReservedRangeList().forEach((range) -> ranges.add(enumRange(range.getStart(), range.getEnd())));
			line(depth + 1, "reserved " + String.join(", ", ranges) + ";");
		}
		reservedNames(depth + 1, enumType.getReservedNameList());
		for (EnumValueDescriptorProto value : enumType.getValueList()) {
			String options = value.getOptions().hasDeprecated()
					? " [deprecated = " + value.getOptions().getDeprecated() + "]" : "";
			line(depth + 1, value.getName() + " = " + value.getNumber() + options + ";");
		}
		line(depth, "}");
	}

	private static String enumRange(int start, int end) {
		if (start == end) {
			return String.valueOf(start);
		}
		return start + " to " + ((end == Integer.MAX_VALUE) ? "max" : String.valueOf(end));
	}

	private void extensions(int depth, List<FieldDescriptorProto> extensions) {
		Map<String, List<FieldDescriptorProto>> byExtendee = new LinkedHashMap<>();
		extensions.forEach((extension) -> byExtendee.computeIfAbsent(extension.getExtendee(), (key) -> new ArrayList<>())
			.add(extension));
		byExtendee.forEach((extendee, fields) -> {
			line(depth, "extend " + extendee + " {");
			fields.forEach((field) -> field(depth + 1, field, false));
			line(depth, "}");
		});
	}

	private void service(ServiceDescriptorProto service) {
		line(0, "service " + service.getName() + " {");
		for (MethodDescriptorProto method : service.getMethodList()) {
			line(1, "rpc " + method.getName() + " (" + (method.getClientStreaming() ? "stream " : "")
					+ method.getInputType() + ") returns (" + (method.getServerStreaming() ? "stream " : "")
					+ method.getOutputType() + ");");
		}
		line(0, "}");
	}

	private void line(int depth, String text) {
		this.out.append("  ".repeat(depth)).append(text).append('\n');
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

}
