package dev.kafkautils.autoconfigure.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.kafkautils.autoconfigure.support.ApicurioRegistry;
import dev.kafkautils.autoconfigure.support.TestKafka;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole web application on the shared Apicurio registry, over real HTTP: the
 * registry's credentials are masked in {@code /actuator/configprops} and
 * {@code /actuator/env} even with {@code show-values=always}, the {@code schemaRegistry}
 * health component is up, and it is not a member of the readiness group.
 */
@SpringBootTest(classes = SchemaRegistryActuatorTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=registry-actuator", "kafka.utils.provisioning.enabled=false",
				"kafka.utils.schema-registry.authentication.username=svc",
				"kafka.utils.schema-registry.authentication.password=hunter2-password",
				"kafka.utils.schema-registry.authentication.bearer-token=tok-bearer-secret",
				"management.endpoints.web.exposure.include=configprops,env,health",
				"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always",
				"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true" })
class SchemaRegistryActuatorTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private HealthEndpointGroups groups;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
		registry.add("kafka.utils.schema-registry.url", () -> ApicurioRegistry.shared().url());
	}

	@Test
	void secretsAreMaskedInConfigpropsWhileOtherValuesShow() throws Exception {
		String body = get("/actuator/configprops").body();
		JsonNode properties = json.readTree(body)
			.findValue("kafka.utils.schema-registry-dev.kafkautils.autoconfigure.registry.SchemaRegistryProperties")
			.get("properties");
		JsonNode authentication = properties.get("authentication");
		assertThat(authentication.get("username").asString()).isEqualTo("svc");
		assertThat(authentication.get("password").asString()).isEqualTo("******");
		assertThat(authentication.get("bearerToken").asString()).isEqualTo("******");
		assertThat(properties.get("url").get(0).asString()).isEqualTo(ApicurioRegistry.shared().url());
		assertThat(body).doesNotContain("hunter2-password").doesNotContain("tok-bearer-secret");
	}

	@Test
	void secretsAreMaskedInEnv() throws Exception {
		String body = get("/actuator/env").body();
		assertThat(body).contains("kafka.utils.schema-registry.authentication.password")
			.contains("kafka.utils.schema-registry.authentication.username")
			.doesNotContain("hunter2-password")
			.doesNotContain("tok-bearer-secret");
	}

	@Test
	void theHealthComponentIsUpAndNotInReadiness() throws Exception {
		JsonNode health = json.readTree(get("/actuator/health").body());
		JsonNode registry = health.get("components").get("schemaRegistry");
		assertThat(registry.get("status").asString()).isEqualTo("UP");
		assertThat(registry.get("details").get("urls").get(ApicurioRegistry.shared().url()).asString())
			.isEqualTo("UP");
		assertThat(this.groups.get("readiness")).isNotNull();
		assertThat(this.groups.get("readiness").isMember("schemaRegistry")).isFalse();
		assertThat(this.groups.get("readiness").isMember("kafka")).as("kafka-utils' own readiness member").isTrue();
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
