package dev.kafkautils.sample.quotes;

import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

/**
 * The server side of the request/reply example: every instance of the service joins the
 * group {@code quote-service}, so each request is answered by one of them. The returned
 * {@link Quote} goes to the reply topic the request names; an exception goes back as an
 * error reply, and a request whose deadline passed while it waited is skipped.
 */
@Component
class QuoteService {

	/** The logical request topic. */
	static final String REQUESTS = "quote-requests";

	private static final Set<String> CURRENCIES = Set.of("EUR", "USD", "GBP");

	private final String instance;

	QuoteService(@Value("${spring.application.name}") String instance) {
		this.instance = instance;
	}

	@KafkaListener(topics = REQUESTS, groupId = "quote-service")
	@SendTo
	Quote quote(QuoteRequest request) {
		if (!CURRENCIES.contains(request.currency())) {
			throw new IllegalArgumentException("No shipping to currency " + request.currency());
		}
		// 5 % with a minimum of 2.00
		long fee = Math.max(200, request.amountCents() / 20);
		return new Quote(fee, request.currency(), this.instance);
	}

}
