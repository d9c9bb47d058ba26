package dev.kafkautils.autoconfigure.registry;

import java.util.List;
import java.util.UUID;

import dev.kafkautils.autoconfigure.support.ApicurioRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The HTTP and caching clients against a real registry (the shared Apicurio Registry and
 * its Confluent-compatible API), with real {@code .proto} text, including where Apicurio
 * answers differently from Confluent's server.
 */
class ApicurioRegistryClientTests {

	private static final String V1 = """
			syntax = "proto3";
			package acme.orders;

			message Order {
			  string id = 1;
			  int64 amount = 2;
			}
			""";

	/** V1 plus a field: BACKWARD compatible. */
	private static final String V2_ADDED_FIELD = """
			syntax = "proto3";
			package acme.orders;

			message Order {
			  string id = 1;
			  int64 amount = 2;
			  string note = 3;
			}
			""";

	/** V1 with a field's type changed: not BACKWARD compatible. */
	private static final String V2_CHANGED_TYPE = """
			syntax = "proto3";
			package acme.orders;

			message Order {
			  string id = 1;
			  string amount = 2;
			}
			""";

	private static final String MONEY = """
			syntax = "proto3";
			package acme.common;

			message Money {
			  string currency = 1;
			  int64 units = 2;
			}
			""";

	private static final String PRICED = """
			syntax = "proto3";
			package acme.orders;

			import "acme/common/money.proto";

			message Priced {
			  acme.common.Money price = 1;
			}
			""";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final HttpSchemaRegistryClient http = new HttpSchemaRegistryClient(
			HttpSchemaRegistryClientTests.properties(ApicurioRegistry.shared().url()), null,
			new MicrometerSchemaRegistryMetrics(this.meters, false));

	@Test
	void registerLookupAndReadBackByIdAndVersion() {
		String subject = subject("orders-value");
		RegistrySchema schema = proto(V1);
		SchemaId id = this.http.register(subject, schema, false);
		assertThat(id.guid()).as("Apicurio answers register with only the id").isNull();
		assertThat(this.http.register(subject, schema, false)).as("registering again gives the same id")
			.isEqualTo(id);
		assertThat(this.http.lookup(subject, schema, false)).get()
			.isEqualTo(new SubjectVersion(subject, 1, id.id(), schema));
		assertThat(this.http.schemaById(id.id())).isEqualTo(schema);
		assertThat(this.http.version(subject, 1)).get().extracting(SubjectVersion::id).isEqualTo(id.id());
		assertThat(this.http.version(subject, -1)).get().extracting(SubjectVersion::schema).isEqualTo(schema);
	}

	@Test
	void unknownSubjectsVersionsAndIdsAreEmptyOrNotFound() {
		String subject = subject("none-value");
		assertThat(this.http.lookup(subject, proto(V1), false)).isEmpty();
		assertThat(this.http.version(subject, -1)).isEmpty();
		assertThat(this.http.version(subject, 3)).isEmpty();
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
				() -> this.http.schemaById(Integer.MAX_VALUE - 7));
		assertThat(ex.isNotFound()).isTrue();
		assertThat(ex.errorCode()).isEqualTo(40403);
		String registered = subject("other-value");
		this.http.register(registered, proto(V1), false);
		assertThat(this.http.lookup(registered, proto(V2_ADDED_FIELD), false)).as("a schema not under the subject")
			.isEmpty();
	}

	@Test
	void compatibilityLevelIsNoneUntilSetThenBackwardDecides() {
		String subject = subject("levels-value");
		this.http.register(subject, proto(V1), false);
		assertThat(this.http.compatibility(subject)).as("Apicurio: NONE without a subject config (Confluent: 40408)")
			.contains("NONE");
		this.http.setCompatibility(subject, "BACKWARD");
		assertThat(this.http.compatibility(subject)).contains("BACKWARD");
		assertThat(this.http.checkCompatibility(subject, proto(V2_ADDED_FIELD)).compatible()).isTrue();
		assertThat(this.http.checkCompatibility(subject, proto(V2_CHANGED_TYPE)).compatible()).isFalse();
		assertThat(this.http.checkCompatibility(subject("new-value"), proto(V2_CHANGED_TYPE)).compatible())
			.as("anything is compatible with a subject that has no version").isTrue();
	}

	@Test
	void registeringAnIncompatibleSchemaIsApicuriosConflict() {
		String subject = subject("conflict-value");
		this.http.register(subject, proto(V1), false);
		this.http.setCompatibility(subject, "BACKWARD");
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
				() -> this.http.register(subject, proto(V2_CHANGED_TYPE), false));
		assertThat(ex.status()).isEqualTo(409);
		assertThat(ex.errorCode()).as("Apicurio's code; Confluent answers 40901").isEqualTo(409);
		assertThat(ex.isIncompatible()).isTrue();
		assertThat(ex).hasMessageContaining("Incompatible");
		SchemaId added = this.http.register(subject, proto(V2_ADDED_FIELD), false);
		assertThat(this.http.version(subject, -1)).get().extracting(SubjectVersion::version).isEqualTo(2);
		assertThat(this.http.version(subject, 2)).get().extracting(SubjectVersion::id).isEqualTo(added.id());
	}

	@Test
	void anInvalidSchemaIsRefusedWith42201() {
		SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
				() -> this.http.register(subject("invalid-value"), proto("message {"), false));
		assertThat(ex.status()).isEqualTo(422);
		assertThat(ex.errorCode()).isEqualTo(42201);
	}

	@Test
	void aReferenceIsRegisteredUnderItsImportPathAndResolved() {
		String importPath = "acme/common/money.proto";
		String moneySubject = subject("acme/common") + "/money.proto";
		SchemaId money = this.http.register(moneySubject, proto(MONEY), false);
		assertThat(this.http.version(moneySubject, 1)).as("a subject with slashes is one path segment")
			.get()
			.extracting(SubjectVersion::id)
			.isEqualTo(money.id());
		RegistrySchema priced = new RegistrySchema(RegistrySchema.PROTOBUF, PRICED,
				List.of(new SchemaReference(importPath, moneySubject, 1)));
		SchemaId id = this.http.register(subject("priced-value"), priced, false);
		RegistrySchema read = this.http.schemaById(id.id());
		assertThat(read.references()).containsExactly(new SchemaReference(importPath, moneySubject, 1));
		SchemaReference reference = read.references().get(0);
		assertThat(this.http.version(reference.subject(), reference.version())).get()
			.extracting(SubjectVersion::schema)
			.isEqualTo(proto(MONEY));
	}

	@Test
	void afterWarmUpTheCachingClientMakesNoRequests() {
		String subject = subject("cached-value");
		CachingSchemaRegistryClient cached = new CachingSchemaRegistryClient(this.http,
				new SchemaRegistryProperties.Cache(), SchemaRegistryMetrics.NONE);
		SchemaId id = cached.register(subject, proto(V1), false);
		cached.schemaById(id.id());
		cached.lookup(subject, proto(V1), false);
		cached.version(subject, 1);
		long warm = requests();
		for (int i = 0; i < 1000; i++) {
			cached.register(subject, proto(V1), false);
			cached.schemaById(id.id());
			cached.lookup(subject, proto(V1), false);
			cached.version(subject, 1);
		}
		assertThat(requests()).isEqualTo(warm);
	}

	private long requests() {
		return this.meters.find(MicrometerSchemaRegistryMetrics.REQUESTS)
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

	private static RegistrySchema proto(String text) {
		return new RegistrySchema(RegistrySchema.PROTOBUF, text, List.of());
	}

	private static String subject(String base) {
		return UUID.randomUUID().toString().substring(0, 8) + "-" + base;
	}

}
