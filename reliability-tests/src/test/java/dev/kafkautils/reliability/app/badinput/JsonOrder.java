package dev.kafkautils.reliability.app.badinput;

import java.util.List;

/**
 * The JSON payload of the bad-input scenario.
 *
 * @param id the order id
 * @param amountCents its amount
 * @param items what was ordered
 */
public record JsonOrder(String id, long amountCents, List<String> items) {
}
