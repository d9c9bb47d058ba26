package dev.kafkautils.autoconfigure.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.RuntimeVersion;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code .proto} text rendered from protoc-generated descriptors, and the outline a
 * reader takes from either form a registry returns: the rendered text parsed again
 * names every message type at the path it has in the descriptor (map entries and groups
 * in their field's place), and so does the base64 {@code FileDescriptorProto}.
 */
class ProtoFileRendererTests {

	static List<FileDescriptor> files() {
		return List.of(SchemaTestMessages.getDescriptor(), MoneyTestMessages.getDescriptor(),
				LegacyTestMessages.getDescriptor(), FramingTestMessages.getDescriptor(),
				Timestamp.getDescriptor().getFile());
	}

	@ParameterizedTest
	@MethodSource("files")
	void renderedTextParsedAgainNamesEveryMessageAtItsPath(FileDescriptor file) {
		ProtoFileOutline outline = ProtoFileOutline.parse(ProtoFileRenderer.render(file));
		assertThat(outline.packageName()).isEqualTo(file.getPackage());
		List<Descriptor> all = new ArrayList<>();
		collect(file.getMessageTypes(), all);
		assertThat(outline.messageNames()).containsExactlyElementsOf(all.stream().map(Descriptor::getFullName).toList());
		for (Descriptor type : all) {
			assertThat(outline.messageName(ProtobufMessageIndexes.of(type))).isEqualTo(type.getFullName());
		}
	}

	@ParameterizedTest
	@MethodSource("files")
	void theBase64FormDecodesToTheSameOutline(FileDescriptor file) {
		String base64 = Base64.getEncoder().encodeToString(file.toProto().toByteArray());
		ProtoFileOutline fromBase64 = ProtoFileOutline.of(base64);
		ProtoFileOutline fromText = ProtoFileOutline.of(ProtoFileRenderer.render(file));
		assertThat(fromBase64.messageNames()).isNotEmpty().isEqualTo(fromText.messageNames());
		assertThat(ProtoFileOutline.decodeBase64(base64)).isEqualTo(file.toProto());
		assertThat(ProtoFileOutline.decodeBase64(ProtoFileRenderer.render(file))).isNull();
	}

	@Test
	void nestedMessagesKeepTheirPlaceAroundMapFields() {
		Descriptor invoice = SchemaTestMessages.Invoice.getDescriptor();
		assertThat(invoice.getNestedTypes()).extracting(Descriptor::getName)
			.containsExactly("Item", "ItemsBySkuEntry", "HistoryEntry", "Audit");
		String text = ProtoFileRenderer.render(SchemaTestMessages.getDescriptor());
		assertThat(text.indexOf("message Item {")).isLessThan(text.indexOf("map<string, .kafkautils.test.schemas.Invoice.Item> items_by_sku = 2;"));
		assertThat(text.indexOf("map<int64, .kafkautils.test.schemas.Status> history = 11;"))
			.isLessThan(text.indexOf("message Audit {"));
		ProtoFileOutline outline = ProtoFileOutline.parse(text);
		assertThat(outline.messageName(MessageIndexes.of(0, 3))).isEqualTo("kafkautils.test.schemas.Invoice.Audit");
		assertThat(outline.messageName(MessageIndexes.of(0, 0, 0)))
			.isEqualTo("kafkautils.test.schemas.Invoice.Item.AttributesEntry");
	}

	@Test
	void rendersWhatTheDescriptorHolds() {
		String text = ProtoFileRenderer.render(SchemaTestMessages.getDescriptor());
		assertThat(text).startsWith("syntax = \"proto3\";\npackage kafkautils.test.schemas;\n")
			.contains("import \"google/protobuf/timestamp.proto\";\nimport \"kafkautils/test/money.proto\";\n")
			.contains("option java_package = \"dev.kafkautils.autoconfigure.registry\";")
			.contains("option java_outer_classname = \"SchemaTestMessages\";")
			.contains("  STATUS_CLOSED = 2 [deprecated = true];", "  reserved 5 to 9;", "  reserved \"STATUS_LOST\";")
			.contains("  reserved 20, 30 to 40;", "  reserved \"legacy_total\";")
			.contains("  oneof payer {\n    string customer_id = 4;\n    string company_id = 5;\n  }")
			.contains("  optional int32 discount_percent = 6;")
			.contains("  repeated int32 codes = 7 [packed = false];")
			.contains("  string note = 8 [deprecated = true, json_name = \"remark\"];")
			.contains("  .google.protobuf.Timestamp issued_at = 3;")
			.contains("    .kafkautils.test.common.Money price = 2;")
			.doesNotContain("ItemsBySkuEntry", "_discount_percent");

		String legacy = ProtoFileRenderer.render(LegacyTestMessages.getDescriptor());
		assertThat(legacy).startsWith("syntax = \"proto2\";")
			.contains("  required string id = 1;")
			.contains("  optional int32 count = 2 [default = 7];")
			.contains("  optional string label = 3 [default = \"none \\\"quoted\\\"\"];")
			.contains("  optional .kafkautils.test.legacy.Record.Kind kind = 4 [default = KIND_B];")
			.contains("  repeated int32 samples = 5 [packed = true];")
			.contains("  optional group Result = 6 {\n    optional string text = 1;\n  }")
			.contains("  extensions 100 to 199, 1000 to max;")
			.contains("extend .kafkautils.test.legacy.Record {\n  optional string note = 100;\n}");
	}

	/**
	 * The strongest check: protoc compiles the rendered files back into descriptors equal
	 * to the generated ones. Runs where the build's protoc binary is in the local Maven
	 * repository (the protobuf plugin puts it there).
	 */
	@Test
	void protocCompilesTheRenderedTextBackIntoTheSameDescriptors(@TempDir Path dir) throws Exception {
		String version = RuntimeVersion.MAJOR + "." + RuntimeVersion.MINOR + "." + RuntimeVersion.PATCH;
		Path versionDir = Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "google", "protobuf",
				"protoc", version);
		Path protoc = null;
		if (Files.isDirectory(versionDir)) {
			try (Stream<Path> candidates = Files.list(versionDir)) {
				protoc = candidates.filter((path) -> path.getFileName().toString().endsWith(".exe"))
					.filter((path) -> path.toFile().setExecutable(true) && Files.isExecutable(path))
					.findFirst()
					.orElse(null);
			}
		}
		assumeTrue(protoc != null, "no protoc binary in " + versionDir);
		List<String> command = new ArrayList<>(List.of(protoc.toString(), "-I" + dir, "--include_imports",
				"--descriptor_set_out=" + dir.resolve("out.pb")));
		for (FileDescriptor file : files()) {
			write(dir.resolve(file.getName()), ProtoFileRenderer.render(file));
			command.add(file.getName());
		}
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.exitValue()).as(output).isZero();
		FileDescriptorSet compiled = FileDescriptorSet.parseFrom(Files.readAllBytes(dir.resolve("out.pb")));
		for (FileDescriptor file : files()) {
			FileDescriptorProto recompiled = compiled.getFileList()
				.stream()
				.filter((candidate) -> candidate.getName().equals(file.getName()))
				.findFirst()
				.orElseThrow();
			assertThat(normalized(recompiled)).as(file.getName()).isEqualTo(normalized(file.toProto()));
		}
	}

	@Test
	void textThatIsNoProtoFileIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ProtoFileOutline.parse("syntax = \"proto3\"; message A { string a = 1;"));
		assertThatExceptionOfType(InvalidFrameException.class)
			.isThrownBy(() -> ProtoFileOutline.parse("message A {}").messageName(MessageIndexes.of(1)))
			.withMessageContaining("has 1 top-level messages");
	}

	@Test
	void theOutlineSkipsOptionValuesCommentsAndBlocksItDoesNotNeed() {
		String text = """
				// a comment with message Fake {
				syntax = "proto3";
				package a.b;
				option (custom) = { name: "x" nested { y: 1 } };
				/* message AlsoFake { } */
				service S { rpc Call (A) returns (A); }
				message A {
				  option (m) = { list: [1, 2] };
				  enum E { E_0 = 0; }
				  string text = 1 [(f) = { a: "}" }];
				  oneof choice { int32 x = 2; string y = 3; }
				  map<string, A.B> bs = 4;
				  message B { message C {} }
				  reserved 9 to max;
				}
				enum Z { Z_0 = 0; }
				message D {}
				""";
		ProtoFileOutline outline = ProtoFileOutline.parse(text);
		assertThat(outline.messageNames()).containsExactly("a.b.A", "a.b.A.BsEntry", "a.b.A.B", "a.b.A.B.C", "a.b.D");
	}

	private static FileDescriptorProto normalized(FileDescriptorProto file) {
		FileDescriptorProto.Builder builder = file.toBuilder().clearSourceCodeInfo();
		for (DescriptorProto.Builder message : builder.getMessageTypeBuilderList()) {
			clearJsonNames(message);
		}
		builder.getExtensionBuilderList().forEach(FieldDescriptorProto.Builder::clearJsonName);
		return builder.build();
	}

	private static void clearJsonNames(DescriptorProto.Builder message) {
		for (FieldDescriptorProto.Builder field : message.getFieldBuilderList()) {
			if (field.getJsonName().equals(ProtoFileRenderer.defaultJsonName(field.getName()))) {
				field.clearJsonName();
			}
		}
		message.getExtensionBuilderList().forEach(FieldDescriptorProto.Builder::clearJsonName);
		message.getNestedTypeBuilderList().forEach(ProtoFileRendererTests::clearJsonNames);
	}

	private static void write(Path path, String text) throws IOException {
		Files.createDirectories(path.getParent());
		Files.writeString(path, text);
	}

	private static void collect(List<Descriptor> types, List<Descriptor> all) {
		for (Descriptor type : types) {
			all.add(type);
			collect(type.getNestedTypes(), all);
		}
	}

}
