package shop;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@SpringBootApplication
public class ShopApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShopApplication.class, args);
	}

	/** A payment as JSON. */
	public record Payment(String id, long amountCents) {
	}

	@Component
	public static class Payments {

		final Set<String> taken = ConcurrentHashMap.newKeySet();

		@KafkaListener(topics = "payments")
		void on(Payment payment) {
			if (payment.amountCents() < 0) {
				throw new IllegalArgumentException("negative amount in " + payment.id());
			}
			this.taken.add(payment.id());
		}

	}

}
