package dev.kafkautils.autoconfigure.registry;

import java.util.List;

import dev.kafkautils.autoconfigure.support.ApicurioRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A real registry (a private Apicurio instance) stopped after warm-up: the
 * auto-configured client keeps serving the schemas it has read by id and the
 * registrations it has made, health turns down, and what it has not seen fails with
 * status 0.
 */
class ApicurioRegistryOutageTests {

	private static final RegistrySchema SCHEMA = new RegistrySchema(RegistrySchema.PROTOBUF, """
			syntax = "proto3";
			package acme.outage;

			message Ping {
			  string id = 1;
			}
			""", List.of());

	@Test
	void cachedSchemasAreServedWhileTheRegistryIsDown() {
		try (ApicurioRegistry registry = ApicurioRegistry.startPrivate()) {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SchemaRegistryAutoConfiguration.class))
				.withPropertyValues(registry.urlProperty(), "kafka.utils.schema-registry.retry.max-attempts=1",
						"kafka.utils.schema-registry.connect-timeout=1s")
				.run((context) -> {
					SchemaRegistryClient client = context.getBean(SchemaRegistryClient.class);
					HealthIndicator health = context.getBean("schemaRegistryHealthIndicator", HealthIndicator.class);
					SchemaId id = client.register("outage-value", SCHEMA, false);
					assertThat(client.schemaById(id.id())).isEqualTo(SCHEMA);
					assertThat(health.health().getStatus()).isEqualTo(Status.UP);

					registry.close();

					assertThat(client.schemaById(id.id())).isEqualTo(SCHEMA);
					assertThat(client.register("outage-value", SCHEMA, false)).isEqualTo(id);
					assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
					SchemaRegistryException ex = catchThrowableOfType(SchemaRegistryException.class,
							() -> client.schemaById(id.id() + 1000));
					assertThat(ex.status()).isZero();
					assertThat(ex).hasMessageContaining(registry.url());
				});
		}
	}

}
