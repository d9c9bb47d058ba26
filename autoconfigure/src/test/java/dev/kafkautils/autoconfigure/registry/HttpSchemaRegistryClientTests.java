package dev.kafkautils.autoconfigure.registry;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.kafkautils.autoconfigure.registry.FakeSchemaRegistry.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.kafkautils.autoconfigure.registry.FakeSchemaRegistry.hang;
import static dev.kafkautils.autoconfigure.registry.FakeSchemaRegistry.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The HTTP client against an in-process fake: the requests it sends, how it reads error
 * answers, retries, back-off, failover, authentication and timeouts.
 */
class HttpSchemaRegistryClientTests {

	private static final RegistrySchema SCHEMA = new RegistrySchema(RegistrySchema.PROTOBUF,
			"syntax = \"proto3\";\nmessage A { string x = 1; }\n",
			List.of(new SchemaReference("acme/money.proto", "acme/money.proto", 2)));

	private final FakeSchemaRegistry fake = new FakeSchemaRegistry();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@AfterEach
	void close() {
		this.fake.close();
	}

	@Test
	void registerPostsTheSchemaWithTheConfluentContentTypeAndReadsIdAndGuid() {
		String guid = UUID.randomUUID().toString();
		this.fake.answer("/subjects/orders-value/versions", json(200, "{\"id\":7,\"guid\":\"" + guid + "\"}"));
		SchemaId id = client(properties(this.fake.url())).register("orders-value", SCHEMA, false);
		assertThat(id).isEqualTo(new SchemaId(7, UUID.fromString(guid)));
		Request request = this.fake.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
		assertThat(request.body()).isEqualTo("{\"schemaType\":\"PROTOBUF\",\"schema\":"
				+ "\"syntax = \\\"proto3\\\";\\nmessage A { string x = 1; }\\n\",\"references\":"
				+ "[{\"name\":\"acme/money.proto\",\"subject\":\"acme/money.proto\",\"version\":2}]}");
		assertThat(request.authorization()).isNull();
	}

	@Test
	void registerAnsweredOnlyWithAnIdHasNoGuidAndNormalizeIsAQueryParameter() {
		this.fake.answer("/subjects/orders-value/versions?normalize=true", json(200, "{\"id\":3}"));
		assertThat(client(properties(this.fake.url())).register("orders-value", SCHEMA, true))
			.isEqualTo(new SchemaId(3, null));
	}

	@Test
	void subjectsAreOnePathSegmentEvenWithSlashesAndSpaces() {
		this.fake.answer("/subjects/acme%2Fmoney.proto%20x/versions/1",
				json(200, "{\"subject\":\"acme/money.proto x\",\"version\":1,\"id\":4,\"schema\":\"s\","
						+ "\"schemaType\":\"PROTOBUF\"}"));
		SubjectVersion version = client(properties(this.fake.url())).version("acme/money.proto x", 1).orElseThrow();
		assertThat(version).isEqualTo(new SubjectVersion("acme/money.proto x", 1, 4,
				new RegistrySchema("PROTOBUF", "s", List.of())));
	}

	@Test
	void notFoundAnswersAreEmptyWhereTheContractSaysSoAndAnErrorForSchemasById() {
		this.fake.answer("/subjects/none-value", json(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"))
			.answer("/subjects/none-value/versions/latest", json(404, "{\"error_code\":40401,\"message\":\"x\"}"))
			.answer("/config/none-value", json(404, "{\"error_code\":40408,\"message\":\"no config\"}"))
			.answer("/schemas/ids/99", json(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}"));
		HttpSchemaRegistryClient client = client(properties(this.fake.url()));
		assertThat(client.lookup("none-value", SCHEMA, false)).isEmpty();
		assertThat(client.version("none-value", -1)).isEmpty();
		assertThat(client.compatibility("none-value")).isEmpty();
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(99));
		assertThat(ex.status()).isEqualTo(404);
		assertThat(ex.errorCode()).isEqualTo(40403);
		assertThat(ex.isNotFound()).isTrue();
		assertThat(ex.url()).isEqualTo(this.fake.url() + "/schemas/ids/99");
		assertThat(ex).hasMessageContaining("HTTP 404").hasMessageContaining("40403").hasMessageContaining("Schema 99");
		assertThat(this.fake.requestsTo("/schemas/ids/99")).as("a 4xx answer is final").isOne();
	}

	@Test
	void confluentAndApicurioIncompatibleAnswersAreBothIncompatible() {
		this.fake.answer("/subjects/c-value/versions", json(409, "{\"error_code\":40901,\"message\":\"Schema being "
				+ "registered is incompatible\"}"))
			.answer("/subjects/a-value/versions",
					json(409, "{\"message\":\"RuleViolationException: Incompatible artifact\",\"error_code\":409}"));
		HttpSchemaRegistryClient client = client(properties(this.fake.url()));
		SchemaRegistryException confluent = catchThrowableOfType(SchemaRegistryException.class,
				() -> client.register("c-value", SCHEMA, false));
		SchemaRegistryException apicurio = catchThrowableOfType(SchemaRegistryException.class,
				() -> client.register("a-value", SCHEMA, false));
		assertThat(confluent.isIncompatible()).isTrue();
		assertThat(confluent.errorCode()).isEqualTo(40901);
		assertThat(apicurio.isIncompatible()).isTrue();
		assertThat(apicurio).hasMessageContaining("Incompatible artifact");
		assertThat(this.fake.requestsTo("/subjects/a-value/versions")).isOne();
	}

	@Test
	void invalidSchemaIsAnUnretriedError() {
		this.fake.answer("/subjects/i-value/versions",
				json(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}"));
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
				() -> client(properties(this.fake.url())).register("i-value", SCHEMA, false));
		assertThat(ex.status()).isEqualTo(422);
		assertThat(ex.errorCode()).isEqualTo(42201);
		assertThat(ex.isIncompatible()).isFalse();
		assertThat(this.fake.requestsTo("/subjects/i-value/versions")).isOne();
	}

	@Test
	void compatibilityVerdictsAndLevels() {
		this.fake.answer("/compatibility/subjects/x-value/versions/latest?verbose=true",
				json(200, "{\"is_compatible\":false,\"messages\":[\"field 1 changed type\"]}"))
			.answer("/compatibility/subjects/new-value/versions/latest?verbose=true",
					json(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"))
			.answer("/compatibility/subjects/a-value/versions/latest?verbose=true",
					json(409, "{\"error_code\":409,\"message\":\"Incompatible artifact\"}"))
			.answer("/config/x-value", json(200, "{\"compatibilityLevel\":\"BACKWARD\"}"));
		HttpSchemaRegistryClient client = client(properties(this.fake.url()));
		assertThat(client.checkCompatibility("x-value", SCHEMA))
			.isEqualTo(new CompatibilityResult(false, List.of("field 1 changed type")));
		assertThat(client.checkCompatibility("new-value", SCHEMA).compatible()).isTrue();
		CompatibilityResult apicurio = client.checkCompatibility("a-value", SCHEMA);
		assertThat(apicurio.compatible()).isFalse();
		assertThat(apicurio.messages()).singleElement().asString().contains("Incompatible artifact");
		assertThat(client.compatibility("x-value")).contains("BACKWARD");
		client.setCompatibility("x-value", "FULL");
		Request put = this.fake.requests().get(this.fake.requests().size() - 1);
		assertThat(put.method()).isEqualTo("PUT");
		assertThat(put.body()).isEqualTo("{\"compatibility\":\"FULL\"}");
	}

	@Test
	void serverErrorsAreRetriedWithExponentialBackOff() {
		this.fake.answer("/schemas/ids/1", json(500, "{\"error_code\":50001,\"message\":\"store\"}"),
				json(503, ""), json(200, "{\"schema\":\"s\",\"schemaType\":\"PROTOBUF\"}"));
		SchemaRegistryProperties properties = properties(this.fake.url());
		properties.getRetry().setInitialBackoff(Duration.ofMillis(150));
		long start = System.nanoTime();
		RegistrySchema schema = client(properties).schemaById(1);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(schema.schema()).isEqualTo("s");
		assertThat(this.fake.requestsTo("/schemas/ids/1")).isEqualTo(3);
		assertThat(elapsed).as("150 ms, then 300 ms").isGreaterThanOrEqualTo(Duration.ofMillis(450));
		assertThat(this.meters.get(MicrometerSchemaRegistryMetrics.REQUESTS)
			.tags("operation", "schema-by-id", "outcome", "server-error")
			.timer()
			.count()).isEqualTo(2);
		assertThat(this.meters.get(MicrometerSchemaRegistryMetrics.REQUESTS)
			.tags("operation", "schema-by-id", "outcome", "success")
			.timer()
			.count()).isOne();
	}

	@Test
	void serverErrorsOnEveryAttemptEndInTheLastError() {
		this.fake.answer("/schemas/ids/2", json(500, "{\"error_code\":50001,\"message\":\"store down\"}"));
		SchemaRegistryProperties properties = properties(this.fake.url());
		properties.getRetry().setMaxAttempts(4);
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
				() -> client(properties).schemaById(2));
		assertThat(ex.status()).isEqualTo(500);
		assertThat(ex).hasMessageContaining("store down");
		assertThat(this.fake.requestsTo("/schemas/ids/2")).isEqualTo(4);
	}

	@Test
	void failsOverToTheNextUrlAndStaysThere() throws Exception {
		this.fake.answer("/schemas/ids/5", json(200, "{\"schema\":\"s5\",\"schemaType\":\"PROTOBUF\"}"));
		String down = "http://127.0.0.1:" + freePort() + "/api";
		HttpSchemaRegistryClient client = client(properties(down, this.fake.url()));
		assertThat(client.urls()).containsExactly(down, this.fake.url());
		assertThat(client.schemaById(5).schema()).isEqualTo("s5");
		assertThat(client.schemaById(5).schema()).isEqualTo("s5");
		assertThat(this.fake.requestsTo("/schemas/ids/5")).isEqualTo(2);
		assertThat(this.meters.get(MicrometerSchemaRegistryMetrics.REQUESTS)
			.tags("operation", "schema-by-id", "outcome", "unreachable")
			.timer()
			.count()).as("the dead URL is tried once, then the one that answered is asked first").isOne();
	}

	@Test
	void noUrlAnsweringIsStatusZeroNamingTheUrls() throws Exception {
		String down1 = "http://127.0.0.1:" + freePort();
		String down2 = "http://127.0.0.1:" + freePort();
		SchemaRegistryProperties properties = properties(down1, down2);
		properties.getRetry().setMaxAttempts(2);
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
				() -> client(properties).schemaById(1));
		assertThat(ex.status()).isZero();
		assertThat(ex).hasMessageContaining(down1).hasMessageContaining(down2);
		assertThat(this.meters.get(MicrometerSchemaRegistryMetrics.REQUESTS)
			.tags("operation", "schema-by-id", "outcome", "unreachable")
			.timer()
			.count()).as("2 attempts per URL").isEqualTo(4);
	}

	@Test
	void readTimeoutEndsARequestThatGetsNoAnswer() {
		this.fake.answer("/schemas/ids/8", hang());
		SchemaRegistryProperties properties = properties(this.fake.url());
		properties.setReadTimeout(Duration.ofMillis(300));
		properties.getRetry().setMaxAttempts(2);
		long start = System.nanoTime();
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
				() -> client(properties).schemaById(8));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(ex.status()).isZero();
		assertThat(ex).hasMessageContaining("HttpTimeoutException");
		assertThat(this.fake.requestsTo("/schemas/ids/8")).as("a timeout is retried").isEqualTo(2);
	}

	@Test
	void basicAuthentication() {
		this.fake.answer("/schemas/ids/1", json(200, "{\"schema\":\"s\"}"));
		SchemaRegistryProperties properties = properties(this.fake.url());
		properties.getAuthentication().setUsername("svc");
		properties.getAuthentication().setPassword("s3cret:x");
		RegistrySchema schema = client(properties).schemaById(1);
		assertThat(schema.schemaType()).as("the API omits the type of Avro schemas").isEqualTo("AVRO");
		assertThat(this.fake.requests().get(0).authorization()).isEqualTo(basic("svc:s3cret:x"));
	}

	@Test
	void bearerToken() {
		this.fake.answer("/schemas/ids/1", json(200, "{\"schema\":\"s\"}"));
		SchemaRegistryProperties properties = properties(this.fake.url());
		properties.getAuthentication().setBearerToken("tok-123");
		client(properties).schemaById(1);
		assertThat(this.fake.requests().get(0).authorization()).isEqualTo("Bearer tok-123");
	}

	@Test
	void userInfoInTheUrlIsSentAsBasicAuthAndNeverShown() {
		this.fake.answer("/schemas/ids/404", json(404, "{\"error_code\":40403,\"message\":\"no\"}"));
		String withUserInfo = this.fake.url().replace("http://", "http://svc:pa%3Ass@");
		HttpSchemaRegistryClient client = client(properties(withUserInfo));
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(404));
		assertThat(this.fake.requests().get(0).authorization()).isEqualTo(basic("svc:pa:ss"));
		assertThat(client.urls()).containsExactly(this.fake.url());
		assertThat(ex.url()).doesNotContain("pa%3Ass").doesNotContain("svc");
		assertThat(ex.getMessage()).doesNotContain("pa%3Ass").doesNotContain("pa:ss");
	}

	@Test
	void aRelativeUrlIsRefused() {
		SchemaRegistryProperties properties = properties("registry:8081");
		assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> client(properties)))
			.hasMessageContaining("absolute");
	}

	private HttpSchemaRegistryClient client(SchemaRegistryProperties properties) {
		return new HttpSchemaRegistryClient(properties, null, new MicrometerSchemaRegistryMetrics(this.meters, false));
	}

	static SchemaRegistryProperties properties(String... urls) {
		SchemaRegistryProperties properties = new SchemaRegistryProperties();
		List<URI> list = new ArrayList<>();
		for (String url : urls) {
			list.add(URI.create(url));
		}
		properties.setUrl(list);
		properties.getRetry().setInitialBackoff(Duration.ofMillis(10));
		properties.getRetry().setMaxBackoff(Duration.ofMillis(500));
		properties.setConnectTimeout(Duration.ofSeconds(2));
		properties.setReadTimeout(Duration.ofSeconds(5));
		return properties;
	}

	static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String basic(String credentials) {
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

}
