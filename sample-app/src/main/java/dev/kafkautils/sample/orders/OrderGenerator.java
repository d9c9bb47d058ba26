package dev.kafkautils.sample.orders;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Places a random order every {@code sample.generator.interval}, to watch records and
 * metrics flow without a client. Off unless {@code sample.generator.enabled=true}; it
 * turns scheduling on only then, so a default run has no scheduler at all.
 */
@Component
@EnableScheduling
@ConditionalOnBooleanProperty("sample.generator.enabled")
class OrderGenerator {

	private static final String[] CURRENCIES = { "EUR", "USD", "GBP" };

	private final OrderPlacer placer;

	OrderGenerator(OrderPlacer placer) {
		this.placer = placer;
	}

	@Scheduled(fixedDelayString = "${sample.generator.interval:1s}")
	void placeRandomOrder() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		this.placer.place(new OrderRequest("generated-" + random.nextInt(100), 100 + random.nextInt(100_000),
				CURRENCIES[random.nextInt(CURRENCIES.length)]));
	}

}
