package dev.kafkautils.sample.orders;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Body of {@code POST /orders}.
 *
 * @param customerId the customer placing the order
 * @param amountCents the amount in minor units, positive
 * @param currency the ISO 4217 currency code, for example "EUR"
 */
public record OrderRequest(String customerId, long amountCents, String currency) {

	/**
	 * @return why the request cannot be accepted, or {@code null} when it can
	 */
	@Nullable String problem() {
		if (!StringUtils.hasText(this.customerId)) {
			return "customerId is required";
		}
		if (this.amountCents <= 0) {
			return "amountCents must be positive";
		}
		if (this.currency == null || !this.currency.matches("[A-Z]{3}")) {
			return "currency must be a three-letter ISO 4217 code";
		}
		return null;
	}

}
