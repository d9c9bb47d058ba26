package dev.kafkautils.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Talks to a running sample application over real HTTP, the way a client would, and
 * holds the order round trip that every broker setup must pass.
 */
final class SampleAppClient {

	/** Upper bound for a record to be consumed; a healthy round trip takes well under a second. */
	static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

	private final JsonMapper json = JsonMapper.shared();

	private final String baseUrl;

	SampleAppClient(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	HttpResponse<String> postJson(String path, String body) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	JsonNode json(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	/**
	 * Place an order, wait until both its records are consumed and check that what was
	 * consumed is what was sent.
	 * @param customerId the customer
	 * @param amountCents the amount
	 * @param currency the currency code
	 * @return the consumed order's status as {@code GET /orders/{id}} answers it
	 */
	JsonNode placeOrderAndAwaitConsumed(String customerId, long amountCents, String currency) {
		HttpResponse<String> placed = postJson("/orders", """
				{"customerId": "%s", "amountCents": %d, "currency": "%s"}""".formatted(customerId, amountCents,
				currency));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
		JsonNode accepted = json(placed);
		String orderId = accepted.get("orderId").asString();
		assertThat(orderId).isNotBlank();
		assertThat(placed.headers().firstValue("Location")).hasValue("/orders/" + orderId);
		assertThat(accepted.get("partition").asInt()).isNotNegative();
		assertThat(accepted.get("offset").asLong()).isNotNegative();

		JsonNode status = await().atMost(CONSUME_TIMEOUT).until(() -> statusWithAudit(orderId), (node) -> node != null);

		JsonNode order = status.get("order");
		assertThat(order.get("orderId").asString()).isEqualTo(orderId);
		assertThat(order.get("customerId").asString()).isEqualTo(customerId);
		assertThat(order.get("amountCents").asLong()).isEqualTo(amountCents);
		assertThat(order.get("currency").asString()).isEqualTo(currency);
		// the listener read the very record the producer stored
		assertThat(order.get("partition").asInt()).isEqualTo(accepted.get("partition").asInt());
		assertThat(order.get("offset").asLong()).isEqualTo(accepted.get("offset").asLong());
		JsonNode audit = status.get("audit");
		assertThat(audit.get("orderId").asString()).isEqualTo(orderId);
		assertThat(audit.get("customerId").asString()).isEqualTo(customerId);
		assertThat(audit.get("action").asString()).isEqualTo("ACCEPTED");
		return status;
	}

	/** The order's status once both records were consumed, else {@code null}. */
	private JsonNode statusWithAudit(String orderId) {
		HttpResponse<String> response = get("/orders/" + orderId);
		if (response.statusCode() == 404) {
			return null;
		}
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode status = json(response);
		return status.get("audit").isNull() ? null : status;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(REQUEST_TIMEOUT);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
