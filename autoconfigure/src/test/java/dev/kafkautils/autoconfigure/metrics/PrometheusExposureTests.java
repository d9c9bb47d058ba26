package dev.kafkautils.autoconfigure.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.kafkautils.autoconfigure.support.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prometheus endpoint is scraped over HTTP out of the box, from a real web
 * application started the way a user starts one (the post-processor found through
 * {@code META-INF/spring.factories}), unless the application chose its exposure itself or
 * turned the default off.
 */
class PrometheusExposureTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	/** A sample line of the Prometheus text format: name, optional labels, a value. */
	private static final Pattern SAMPLE = Pattern
		.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( [0-9]+)?");

	@Test
	void prometheusAndHealthAreExposedByDefault() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			HttpResponse<String> scrape = get(context, "/actuator/prometheus");
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/plain"));
			List<String> lines = scrape.body().lines().filter((line) -> !line.isBlank()).toList();
			assertThat(lines).anyMatch((line) -> line.startsWith("# HELP jvm_"))
				.anyMatch((line) -> line.startsWith("# TYPE jvm_"));
			assertThat(lines).filteredOn((line) -> !line.startsWith("#"))
				.isNotEmpty()
				.allMatch((line) -> SAMPLE.matcher(line).matches());
			assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(200);
		}
	}

	/** The switch, the starter's own switch, and any exposure setting of the application's. */
	@ParameterizedTest
	@ValueSource(strings = { "kafka.utils.metrics.expose-prometheus=false", "kafka.utils.enabled=false",
			"management.endpoints.web.exposure.include=health", "management.endpoints.web.exposure.exclude=info" })
	void prometheusIsNotExposedWhen(String property) throws Exception {
		try (ConfigurableApplicationContext context = start(property)) {
			assertThat(get(context, "/actuator/prometheus").statusCode()).isEqualTo(404);
			assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void indexedOrEmptyIncludeCountsAsTheApplicationsChoice() {
		assertThat(postProcessed(true, Map.of("management.endpoints.web.exposure.include[0]", "info")))
			.doesNotContainKey("management.endpoints.web.exposure.include");
		assertThat(postProcessed(true, Map.of("management.endpoints.web.exposure.include", "")))
			.doesNotContainKey("management.endpoints.web.exposure.include");
		assertThat(postProcessed(true, Map.of())).containsEntry("management.endpoints.web.exposure.include",
				"health,prometheus");
	}

	@Test
	void nothingIsExposedWithoutThePrometheusRegistry() {
		assertThat(postProcessed(false, Map.of())).doesNotContainKey("management.endpoints.web.exposure.include");
	}

	private static Map<String, Object> postProcessed(boolean prometheusPresent, Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
		new PrometheusExposureEnvironmentPostProcessor(prometheusPresent).postProcessEnvironment(environment, null);
		MapPropertySource added = (MapPropertySource) environment.getPropertySources()
			.get(PrometheusExposureEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
		return (added != null) ? added.getSource() : Map.of();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
			.properties("spring.application.name=prometheus-exposure", TestKafka.bootstrapProperty(),
					"server.port=0", "kafka.utils.provisioning.max-replication=1")
			.properties(properties)
			.run();
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
