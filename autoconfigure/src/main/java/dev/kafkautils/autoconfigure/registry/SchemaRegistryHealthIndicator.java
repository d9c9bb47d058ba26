package dev.kafkautils.autoconfigure.registry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code schemaRegistry} health indicator: up when one of the registry URLs answers
 * ({@code GET /config}, asked once per URL without retries), with each URL's state in
 * the details. It is not in the readiness group: records with known schemas keep
 * flowing from the client's cache while the registry is down.
 */
public final class SchemaRegistryHealthIndicator extends AbstractHealthIndicator {

	private final HttpSchemaRegistryClient client;

	private final Duration timeout;

	/**
	 * @param client the client whose URLs are asked (its own, so that the application's
	 * client and its meters see no health requests as traffic)
	 * @param timeout how long each URL may take to answer
	 */
	public SchemaRegistryHealthIndicator(HttpSchemaRegistryClient client, Duration timeout) {
		super("Schema registry health check failed");
		this.client = client;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, String> urls = new LinkedHashMap<>();
		boolean up = false;
		for (int i = 0; i < this.client.urls().size(); i++) {
			String url = this.client.urls().get(i);
			try {
				this.client.ping(i, this.timeout);
				urls.put(url, "UP");
				up = true;
			}
			catch (SchemaRegistryException ex) {
				urls.put(url, (ex.status() != 0) ? "HTTP " + ex.status() : "unreachable");
			}
		}
		(up ? builder.up() : builder.down()).withDetail("urls", urls);
	}

}
