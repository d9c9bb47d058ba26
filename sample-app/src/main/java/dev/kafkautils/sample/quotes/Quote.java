package dev.kafkautils.sample.quotes;

/**
 * The quote service's answer, sent as JSON to the requester's reply topic.
 *
 * @param feeCents the shipping fee in minor units
 * @param currency the fee's currency
 * @param quotedBy the service instance that answered
 */
public record Quote(long feeCents, String currency, String quotedBy) {
}
