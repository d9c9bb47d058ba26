package dev.kafkautils.sample.quotes;

/**
 * Asks the quote service for a shipping fee, sent as JSON on the {@code quote-requests}
 * topic.
 *
 * @param amountCents the order amount in minor units
 * @param currency ISO 4217 code, for example "EUR"
 */
public record QuoteRequest(long amountCents, String currency) {
}
