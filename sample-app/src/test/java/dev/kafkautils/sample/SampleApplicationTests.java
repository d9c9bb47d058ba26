package dev.kafkautils.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kafkautils.devbroker.DevKafkaBroker;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as {@code ./mvnw spring-boot:run} starts it: no
 * {@code spring.kafka.bootstrap-servers}, so it runs its own dev broker. Everything is
 * checked over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private static final Pattern ORDERS_CONSUMED = Pattern.compile("(?m)^orders_consumed_total(?:\\{[^}]*})? (\\S+)$");

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private SampleAppClient client;

	@BeforeEach
	void client() {
		this.client = new SampleAppClient(this.port);
	}

	@Test
	void startsItsOwnBrokerWhenNoBootstrapServersAreConfigured() {
		DevKafkaBroker broker = this.context.getBean(DevKafkaBroker.class);
		Object clientBootstrapServers = this.context.getBean(KafkaAdmin.class)
			.getConfigurationProperties()
			.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
		assertThat(clientBootstrapServers).isEqualTo(List.of(broker.getBootstrapServers().split(",")));
	}

	@Test
	void ordersMakeTheRoundTripThroughKafka() {
		JsonNode status = this.client.placeOrderAndAwaitConsumed("customer-1", 1234, "EUR");
		assertThat(status.get("order").get("amountCents").asLong()).isEqualTo(1234);
	}

	@Test
	void jobsAreDoneByTheShareGroupsWorkers() {
		HttpResponse<String> queued = this.client.postJson("/jobs", "{\"task\": \"resize\"}");
		assertThat(queued.statusCode()).isEqualTo(202);
		String id = this.client.json(queued).get("id").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.client.get("/jobs/" + id).statusCode() == 200);
		assertThat(this.client.json(this.client.get("/jobs/" + id)).get("worker").asString()).isNotBlank();
	}

	@Test
	void quoteIsAnsweredOverKafkaRequestReply() {
		HttpResponse<String> response = this.client.get("/quotes?amountCents=10000&currency=EUR");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode quote = this.client.json(response);
		assertThat(quote.get("feeCents").asLong()).isEqualTo(500);
		assertThat(quote.get("currency").asString()).isEqualTo("EUR");
		assertThat(quote.get("quotedBy").asString()).isEqualTo("sample-app");
	}

	@Test
	void refusedQuoteComesBackAsTheServiceError() {
		HttpResponse<String> response = this.client.get("/quotes?amountCents=10000&currency=XYZ");
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(this.client.json(response).get("detail").asString()).isEqualTo("No shipping to currency XYZ");
	}

	@Test
	void unknownOrderIsNotFound() {
		assertThat(this.client.get("/orders/no-such-order").statusCode()).isEqualTo(404);
	}

	@Test
	void invalidOrderIsRejectedWithoutSending() {
		HttpResponse<String> response = this.client.postJson("/orders",
				"{\"customerId\": \"customer-1\", \"amountCents\": 0, \"currency\": \"EUR\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.client.json(response).get("detail").asString()).isEqualTo("amountCents must be positive");
	}

	@Test
	void prometheusExposesJvmKafkaClientAndApplicationMetrics() {
		this.client.placeOrderAndAwaitConsumed("customer-2", 500, "USD");
		HttpResponse<String> response = this.client.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		String scrape = response.body();
		assertThat(scrape).contains("jvm_memory_used_bytes", "kafka_producer_record_send_total",
				"kafka_consumer_fetch_manager_records_consumed_total");
		Matcher consumed = ORDERS_CONSUMED.matcher(scrape);
		assertThat(consumed.find()).as("orders_consumed_total in\n" + scrape).isTrue();
		assertThat(Double.parseDouble(consumed.group(1))).isGreaterThanOrEqualTo(1);
	}

	@Test
	void poisonPillLandsInTheDeadLetterTopicAndOrdersKeepFlowing() {
		HttpResponse<String> sent = this.client.postJson("/orders/poison", "");
		assertThat(sent.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterDepth("dlq.orders") >= 1);
		this.client.placeOrderAndAwaitConsumed("customer-3", 700, "EUR");
	}

	@Test
	void dependentTopicsAreProvisioned() throws Exception {
		try (Admin admin = Admin.create(this.context.getBean(KafkaAdmin.class).getConfigurationProperties())) {
			Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
			assertThat(topics).contains("orders", "order-audit", "dlq.orders", "dlq.order-audit", "order-errors");
			assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get(10, TimeUnit.SECONDS).get("orders")
				.partitions()).hasSize(3);
		}
	}

	private long deadLetterDepth(String topic) {
		HttpResponse<String> response = this.client.get("/actuator/kafkadlq");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode depth = this.client.json(response).get(topic);
		return (depth != null) ? depth.asLong() : 0;
	}

	@Test
	void healthIsUp() {
		HttpResponse<String> response = this.client.get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.client.json(response).get("status").asString()).isEqualTo("UP");
	}

}
