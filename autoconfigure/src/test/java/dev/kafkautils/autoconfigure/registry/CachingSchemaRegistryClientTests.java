package dev.kafkautils.autoconfigure.registry;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.kafkautils.autoconfigure.support.SendAllocation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.kafkautils.autoconfigure.registry.FakeSchemaRegistry.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The caching client over the HTTP client and an in-process fake: what it caches, its
 * bounds, the negative cache of unknown ids, and serving cached schemas while the
 * registry is down.
 */
class CachingSchemaRegistryClientTests {

	private static final RegistrySchema SCHEMA = new RegistrySchema(RegistrySchema.PROTOBUF, "message A {}", List.of());

	private final FakeSchemaRegistry fake = new FakeSchemaRegistry();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@AfterEach
	void close() {
		this.fake.close();
	}

	@Test
	void schemasByIdAreAskedForOnceAndServedWhileTheRegistryIsDown() {
		this.fake.answer("/schemas/ids/1", json(200, "{\"schema\":\"s1\",\"schemaType\":\"PROTOBUF\"}"))
			.answer("/schemas/ids/2", json(200, "{\"schema\":\"s2\",\"schemaType\":\"PROTOBUF\"}"));
		CachingSchemaRegistryClient client = client(cache(100, Duration.ofSeconds(60)));
		for (int i = 0; i < 1000; i++) {
			assertThat(client.schemaById(1).schema()).isEqualTo("s1");
		}
		assertThat(this.fake.requestsTo("/schemas/ids/1")).isOne();
		assertThat(misses("schema-by-id")).isOne();
		this.fake.close();
		assertThat(client.schemaById(1).schema()).isEqualTo("s1");
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(2));
		assertThat(ex.status()).as("not cached, and no registry answers").isZero();
	}

	@Test
	void readingACachedSchemaByIdAllocatesNothing() {
		this.fake.answer("/schemas/ids/100000", json(200, "{\"schema\":\"big id\",\"schemaType\":\"PROTOBUF\"}"));
		CachingSchemaRegistryClient client = client(cache(100, Duration.ofSeconds(60)));
		client.schemaById(100000);
		assertThat(SendAllocation.bytesPerCall(() -> client.schemaById(100000))).isLessThan(1.0);
	}

	@Test
	void anUnknownIdIsAskedForOnceWithinTheNegativeTtl() {
		this.fake.answer("/schemas/ids/66", json(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
		CachingSchemaRegistryClient client = client(cache(100, Duration.ofSeconds(60)));
		for (int i = 0; i < 100; i++) {
			SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
					() -> client.schemaById(66));
			assertThat(ex.isNotFound()).isTrue();
			assertThat(ex.errorCode()).isEqualTo(40403);
		}
		assertThat(this.fake.requestsTo("/schemas/ids/66")).isOne();
	}

	@Test
	void anUnknownIdIsAskedForAgainAfterTheNegativeTtl() {
		this.fake.answer("/schemas/ids/67", json(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"),
				json(200, "{\"schema\":\"late\",\"schemaType\":\"PROTOBUF\"}"));
		CachingSchemaRegistryClient client = client(cache(100, Duration.ofMillis(200)));
		catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(67));
		catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(67));
		assertThat(this.fake.requestsTo("/schemas/ids/67")).isOne();
		await().atMost(Duration.ofSeconds(5))
			.ignoreException(SchemaRegistryException.class)
			.until(() -> client.schemaById(67).schema().equals("late"));
		assertThat(this.fake.requestsTo("/schemas/ids/67")).isEqualTo(2);
	}

	@Test
	void errorsOtherThanNotFoundAreNotRemembered() {
		this.fake.answer("/schemas/ids/9", json(500, "{\"error_code\":50001,\"message\":\"x\"}"),
				json(500, "{\"error_code\":50001,\"message\":\"x\"}"),
				json(200, "{\"schema\":\"s9\",\"schemaType\":\"PROTOBUF\"}"));
		SchemaRegistryProperties properties = HttpSchemaRegistryClientTests.properties(this.fake.url());
		properties.getRetry().setMaxAttempts(1);
		CachingSchemaRegistryClient client = new CachingSchemaRegistryClient(
				new HttpSchemaRegistryClient(properties, null, SchemaRegistryMetrics.NONE), properties.getCache(),
				SchemaRegistryMetrics.NONE);
		catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(9));
		catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(9));
		assertThat(client.schemaById(9).schema()).isEqualTo("s9");
	}

	@Test
	void schemasByIdAreBounded() {
		for (int id = 1; id <= 3; id++) {
			this.fake.answer("/schemas/ids/" + id, json(200, "{\"schema\":\"s" + id + "\"}"));
		}
		CachingSchemaRegistryClient client = client(cache(2, Duration.ofSeconds(60)));
		client.schemaById(1);
		client.schemaById(2);
		client.schemaById(3);
		client.schemaById(3);
		client.schemaById(2);
		assertThat(this.fake.requestsTo("/schemas/ids/2")).isOne();
		client.schemaById(1);
		assertThat(this.fake.requestsTo("/schemas/ids/1")).as("the first one was dropped for the third").isEqualTo(2);
	}

	@Test
	void schemasByGuidAreCachedAndUnknownGuidsRemembered() {
		UUID known = UUID.randomUUID();
		UUID unknown = UUID.randomUUID();
		this.fake.answer("/schemas/guids/" + known, json(200, "{\"schema\":\"g\",\"schemaType\":\"PROTOBUF\"}"))
			.answer("/schemas/guids/" + unknown, json(404, "{\"error_code\":40403,\"message\":\"no\"}"));
		CachingSchemaRegistryClient client = client(cache(100, Duration.ofSeconds(60)));
		for (int i = 0; i < 10; i++) {
			assertThat(client.schemaByGuid(known).schema()).isEqualTo("g");
			catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaByGuid(unknown));
		}
		assertThat(this.fake.requestsTo("/schemas/guids/" + known)).isOne();
		assertThat(this.fake.requestsTo("/schemas/guids/" + unknown)).isOne();
	}

	@Test
	void registrationsAndFoundLookupsAndNumberedVersionsAreCachedNotLatestOrMissingOnes() {
		this.fake.answer("/subjects/o-value/versions", json(200, "{\"id\":5}"))
			.answer("/subjects/o-value", json(404, "{\"error_code\":40403,\"message\":\"no\"}"),
					json(200, "{\"subject\":\"o-value\",\"version\":1,\"id\":5,\"schema\":\"message A {}\"}"))
			.answer("/subjects/o-value/versions/1", json(200, "{\"subject\":\"o-value\",\"version\":1,\"id\":5,"
					+ "\"schema\":\"message A {}\",\"schemaType\":\"PROTOBUF\"}"))
			.answer("/subjects/o-value/versions/latest", json(200, "{\"subject\":\"o-value\",\"version\":1,\"id\":5,"
					+ "\"schema\":\"message A {}\",\"schemaType\":\"PROTOBUF\"}"));
		CachingSchemaRegistryClient client = client(cache(100, Duration.ofSeconds(60)));
		assertThat(client.lookup("o-value", SCHEMA, false)).isEmpty();
		for (int i = 0; i < 5; i++) {
			assertThat(client.register("o-value", SCHEMA, false).id()).isEqualTo(5);
			assertThat(client.lookup("o-value", SCHEMA, false)).get().extracting(SubjectVersion::id).isEqualTo(5);
			assertThat(client.version("o-value", 1)).isPresent();
			assertThat(client.version("o-value", -1)).isPresent();
		}
		assertThat(this.fake.requestsTo("/subjects/o-value/versions")).isOne();
		assertThat(this.fake.requestsTo("/subjects/o-value")).as("the miss, then the hit").isEqualTo(2);
		assertThat(this.fake.requestsTo("/subjects/o-value/versions/1")).isOne();
		assertThat(this.fake.requestsTo("/subjects/o-value/versions/latest")).isEqualTo(5);
		assertThat(misses("register")).isOne();
		assertThat(misses("lookup")).isEqualTo(2);
	}

	@Test
	void compatibilityCallsAlwaysGoToTheRegistry() {
		this.fake.answer("/config/c-value", json(200, "{\"compatibilityLevel\":\"BACKWARD\"}"));
		CachingSchemaRegistryClient client = client(cache(100, Duration.ofSeconds(60)));
		client.compatibility("c-value");
		client.compatibility("c-value");
		assertThat(this.fake.requestsTo("/config/c-value")).isEqualTo(2);
	}

	private CachingSchemaRegistryClient client(SchemaRegistryProperties.Cache cache) {
		MicrometerSchemaRegistryMetrics metrics = new MicrometerSchemaRegistryMetrics(this.meters, false);
		return new CachingSchemaRegistryClient(
				new HttpSchemaRegistryClient(HttpSchemaRegistryClientTests.properties(this.fake.url()), null, metrics),
				cache, metrics);
	}

	private double misses(String operation) {
		return this.meters.get(MicrometerSchemaRegistryMetrics.CACHE_MISSES).tags("operation", operation).counter().count();
	}

	private static SchemaRegistryProperties.Cache cache(int maxEntries, Duration negativeTtl) {
		SchemaRegistryProperties.Cache cache = new SchemaRegistryProperties.Cache();
		cache.setMaxEntries(maxEntries);
		cache.setNegativeTtl(negativeTtl);
		return cache;
	}

}
