package dev.kafkautils.autoconfigure.registry;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import org.jspecify.annotations.Nullable;

/**
 * The message types of a registered protobuf schema file and their nesting: enough to
 * name the message type at a {@linkplain MessageIndexes message-index path}, which is
 * all a reader needs when the generated class to read into is known.
 * <p>
 * A registry returns a protobuf schema in the form it was registered: {@code .proto}
 * text (what Confluent's Java serializer and this starter register) or a base64
 * {@code FileDescriptorProto} (what Confluent's JavaScript, Python, Go and .NET clients
 * register). {@link #of(String)} reads both. Text is read by a small structural parser:
 * it finds the package and the messages with their nesting, including the implicit entry
 * message of each {@code map} field and the message of each group, in the place protoc
 * gives them (their field's place among the nested messages); it skips everything else
 * (fields, enums, options, services, extensions) without interpreting it. Imported files
 * are not needed: a path only names messages of its own file.
 */
public final class ProtoFileOutline {

	private final String packageName;

	private final List<Node> messages;

	private ProtoFileOutline(String packageName, List<Node> messages) {
		this.packageName = packageName;
		this.messages = messages;
	}

	/**
	 * Reads a protobuf schema in either form a registry returns.
	 * @param schema {@code .proto} text or a base64 {@code FileDescriptorProto}
	 * @return the outline
	 * @throws IllegalArgumentException when the schema is neither
	 */
	public static ProtoFileOutline of(String schema) {
		FileDescriptorProto descriptor = decodeBase64(schema);
		return (descriptor != null) ? of(descriptor) : parse(schema);
	}

	/**
	 * The outline of a file descriptor.
	 * @param file the descriptor
	 * @return the outline
	 */
	public static ProtoFileOutline of(FileDescriptorProto file) {
		String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
		return new ProtoFileOutline(file.getPackage(), nodes(prefix, file.getMessageTypeList()));
	}

	/**
	 * A base64 {@code FileDescriptorProto}, or {@code null} when the text is not one (it
	 * has characters base64 lacks, such as the spaces and semicolons of {@code .proto}
	 * text).
	 * @param schema the schema text
	 * @return the decoded descriptor, or {@code null}
	 */
	public static @Nullable FileDescriptorProto decodeBase64(String schema) {
		String trimmed = schema.strip();
		if (trimmed.isEmpty()) {
			return null;
		}
		for (int i = 0; i < trimmed.length(); i++) {
			char c = trimmed.charAt(i);
			if (!(Character.isLetterOrDigit(c) && c < 128) && c != '+' && c != '/' && c != '=' && c != '\n'
					&& c != '\r') {
				return null;
			}
		}
		try {
			return FileDescriptorProto.parseFrom(Base64.getMimeDecoder().decode(trimmed));
		}
		catch (IllegalArgumentException | InvalidProtocolBufferException ex) {
			return null;
		}
	}

	private static List<Node> nodes(String prefix, List<DescriptorProto> messages) {
		List<Node> nodes = new ArrayList<>(messages.size());
		for (DescriptorProto message : messages) {
			String name = prefix + message.getName();
			nodes.add(new Node(name, nodes(name + ".", message.getNestedTypeList())));
		}
		return List.copyOf(nodes);
	}

	/**
	 * Parses {@code .proto} text.
	 * @param text the text
	 * @return the outline
	 * @throws IllegalArgumentException when the text is not structurally a {@code .proto}
	 * file (unbalanced braces, a message without a name)
	 */
	public static ProtoFileOutline parse(String text) {
		return new Parser(text).file();
	}

	/**
	 * @return the file's package, empty when it has none
	 */
	public String packageName() {
		return this.packageName;
	}

	/**
	 * The fully qualified name of the message type at a path.
	 * @param indexes the path a record's frame holds
	 * @return the name, such as {@code acme.orders.Order.Line}
	 * @throws InvalidFrameException when the file has no message type at that path
	 */
	public String messageName(MessageIndexes indexes) {
		List<Node> candidates = this.messages;
		@Nullable Node found = null;
		for (int level = 0; level < indexes.size(); level++) {
			int index = indexes.get(level);
			if (index >= candidates.size()) {
				String parent = (found != null) ? "message " + found.name() : "its schema file";
				throw new InvalidFrameException("Invalid schema frame: message-index path " + indexes + " names message "
						+ index + " at level " + level + ", but " + parent + " has " + candidates.size()
						+ ((found != null) ? " nested messages" : " top-level messages"));
			}
			found = candidates.get(index);
			candidates = found.nested();
		}
		if (found == null) {
			throw new InvalidFrameException("Invalid schema frame: empty message-index path");
		}
		return found.name();
	}

	/**
	 * @return the fully qualified name of every message type, depth first in declaration
	 * order
	 */
	public List<String> messageNames() {
		List<String> names = new ArrayList<>();
		collect(this.messages, names);
		return names;
	}

	private static void collect(List<Node> nodes, List<String> names) {
		for (Node node : nodes) {
			names.add(node.name());
			collect(node.nested(), names);
		}
	}

	private record Node(String name, List<Node> nested) {
	}

	/** A structural parser over the tokens of {@code .proto} text. */
	private static final class Parser {

		private final List<String> tokens;

		private int position;

		private String packageName = "";

		Parser(String text) {
			this.tokens = tokenize(text);
		}

		ProtoFileOutline file() {
			List<Node> messages = new ArrayList<>();
			while (this.position < this.tokens.size()) {
				String token = next();
				switch (token) {
					case "package" -> {
						StringBuilder name = new StringBuilder();
						while (!peekIs(";")) {
							name.append(next());
						}
						next();
						this.packageName = name.toString();
					}
					case "message" -> messages.add(message(prefix()));
					case "enum", "service", "extend" -> skipBlock();
					case ";" -> {
					}
					default -> skipStatement();
				}
			}
			return new ProtoFileOutline(this.packageName, List.copyOf(messages));
		}

		private String prefix() {
			return this.packageName.isEmpty() ? "" : this.packageName + ".";
		}

		/** After "message": the name, then the body in braces. */
		private Node message(String prefix) {
			String name = prefix + identifier("message");
			expect("{");
			return new Node(name, body(name + "."));
		}

		/** The nested messages of a message (or oneof) body, up to its closing brace. */
		private List<Node> body(String prefix) {
			List<Node> nested = new ArrayList<>();
			while (true) {
				if (this.position >= this.tokens.size()) {
					throw new IllegalArgumentException("The .proto text ends inside a message: a '}' is missing");
				}
				String token = next();
				switch (token) {
					case "}" -> {
						return List.copyOf(nested);
					}
					case "message" -> nested.add(message(prefix));
					case "enum", "extend", "service" -> skipBlock();
					case "oneof" -> {
						identifier("oneof");
						expect("{");
						nested.addAll(body(prefix));
					}
					case "map" -> {
						if (peekIs("<")) {
							skipTo(">");
							String field = identifier("map field");
							nested.add(new Node(prefix + mapEntryName(field), List.of()));
							skipStatement();
						}
						else {
							fieldOrGroup(prefix, nested);
						}
					}
					case ";" -> {
					}
					case "option", "reserved", "extensions" -> skipStatement();
					default -> {
						this.position--;
						fieldOrGroup(prefix, nested);
					}
				}
			}
		}

		/** A field statement; a group ("[label] group Name = N [...] { ... }") declares a message. */
		private void fieldOrGroup(String prefix, List<Node> nested) {
			int start = this.position;
			String first = next();
			String second = (this.position < this.tokens.size()) ? this.tokens.get(this.position) : "";
			boolean labelled = first.equals("optional") || first.equals("required") || first.equals("repeated");
			if ((first.equals("group") && !second.equals("=")) || (labelled && second.equals("group"))) {
				if (labelled) {
					next();
				}
				String name = prefix + identifier("group");
				while (!peekIs("{")) {
					if (peekIs(";") || this.position >= this.tokens.size()) {
						throw new IllegalArgumentException("Group " + name + " has no body");
					}
					skipToken();
				}
				next();
				nested.add(new Node(name, body(name + ".")));
				return;
			}
			this.position = start;
			skipStatement();
		}

		/** protoc's name of a map field's entry message: camel case of the field, then "Entry". */
		private static String mapEntryName(String field) {
			StringBuilder name = new StringBuilder(field.length() + 5);
			boolean upper = true;
			for (int i = 0; i < field.length(); i++) {
				char c = field.charAt(i);
				if (c == '_') {
					upper = true;
				}
				else if (upper) {
					name.append(Character.toUpperCase(c));
					upper = false;
				}
				else {
					name.append(c);
				}
			}
			return name.append("Entry").toString();
		}

		/** Skips to the end of a statement: its ';' or, for a block, its closing brace. */
		private void skipStatement() {
			while (this.position < this.tokens.size()) {
				String token = next();
				if (token.equals(";")) {
					return;
				}
				if (token.equals("{")) {
					skipBalanced("{", "}");
					if (!peekIs("=") && !peekIs(",") && !peekIs("]")) {
						// a block such as an enum or a service ends the statement
						if (peekIs(";")) {
							next();
						}
						return;
					}
				}
				else if (token.equals("[")) {
					skipBalanced("[", "]");
				}
				else if (token.equals("}")) {
					throw new IllegalArgumentException("Unbalanced '}' in the .proto text");
				}
			}
		}

		/** Skips a skipped kind of block: its name, then its braces. */
		private void skipBlock() {
			while (this.position < this.tokens.size() && !peekIs("{")) {
				if (peekIs(";")) {
					next();
					return;
				}
				skipToken();
			}
			expect("{");
			skipBalanced("{", "}");
		}

		/** Skips a token, and a whole option value in braces or brackets. */
		private void skipToken() {
			String token = next();
			if (token.equals("[")) {
				skipBalanced("[", "]");
			}
			else if (token.equals("{")) {
				skipBalanced("{", "}");
			}
		}

		/** After an opening token: skips to its matching closing token. */
		private void skipBalanced(String open, String close) {
			int depth = 1;
			while (depth > 0) {
				if (this.position >= this.tokens.size()) {
					throw new IllegalArgumentException("The .proto text ends before a '" + close + "'");
				}
				String token = next();
				if (token.equals(open)) {
					depth++;
				}
				else if (token.equals(close)) {
					depth--;
				}
			}
		}

		private void skipTo(String token) {
			while (!next().equals(token)) {
				// skipped
			}
		}

		private String identifier(String what) {
			String token = next();
			if (token.isEmpty() || !(Character.isLetter(token.charAt(0)) || token.charAt(0) == '_')) {
				throw new IllegalArgumentException("Expected the name of a " + what + ", found '" + token + "'");
			}
			return token;
		}

		private void expect(String expected) {
			String token = next();
			if (!token.equals(expected)) {
				throw new IllegalArgumentException("Expected '" + expected + "' in the .proto text, found '" + token + "'");
			}
		}

		private boolean peekIs(String token) {
			return this.position < this.tokens.size() && this.tokens.get(this.position).equals(token);
		}

		private String next() {
			if (this.position >= this.tokens.size()) {
				throw new IllegalArgumentException("The .proto text ends too early");
			}
			return this.tokens.get(this.position++);
		}

		/**
		 * Words (identifiers, numbers, dotted names), string literals (kept whole, quotes
		 * included) and single punctuation characters; comments dropped.
		 */
		private static List<String> tokenize(String text) {
			List<String> tokens = new ArrayList<>();
			int length = text.length();
			int i = 0;
			while (i < length) {
				char c = text.charAt(i);
				if (Character.isWhitespace(c)) {
					i++;
				}
				else if (c == '/' && i + 1 < length && text.charAt(i + 1) == '/') {
					while (i < length && text.charAt(i) != '\n') {
						i++;
					}
				}
				else if (c == '/' && i + 1 < length && text.charAt(i + 1) == '*') {
					int end = text.indexOf("*/", i + 2);
					i = (end < 0) ? length : end + 2;
				}
				else if (c == '"' || c == '\'') {
					int start = i++;
					while (i < length && text.charAt(i) != c) {
						i += (text.charAt(i) == '\\') ? 2 : 1;
					}
					i = Math.min(i + 1, length);
					tokens.add(text.substring(start, i));
				}
				else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
					int start = i;
					while (i < length && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
							|| text.charAt(i) == '.')) {
						i++;
					}
					tokens.add(text.substring(start, i));
				}
				else {
					tokens.add(String.valueOf(c));
					i++;
				}
			}
			return tokens;
		}

	}

}
