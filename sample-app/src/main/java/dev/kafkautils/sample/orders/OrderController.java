package dev.kafkautils.sample.orders;

import java.net.URI;

import dev.kafkautils.autoconfigure.producer.KafkaSendTimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} places an order; {@code GET /orders/{id}} tells whether the
 * listener has consumed it yet.
 */
@RestController
@RequestMapping("/orders")
class OrderController {

	private final OrderPlacer placer;

	private final ProcessedOrders processedOrders;

	OrderController(OrderPlacer placer, ProcessedOrders processedOrders) {
		this.placer = placer;
		this.processedOrders = processedOrders;
	}

	/**
	 * 202: the order is stored in Kafka but not processed yet.
	 */
	@PostMapping
	ResponseEntity<?> place(@RequestBody OrderRequest request) {
		String problem = request.problem();
		if (problem != null) {
			return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem));
		}
		OrderAccepted accepted = this.placer.place(request);
		return ResponseEntity.accepted().location(URI.create("/orders/" + accepted.orderId())).body(accepted);
	}

	/**
	 * Sends bytes that are not an {@code OrderCreated} to the orders topic, to show a
	 * poison pill going to the dead-letter topic {@code dlq.orders} while the listener
	 * carries on. See {@code /actuator/kafkadlq}.
	 */
	@PostMapping("/poison")
	ResponseEntity<PoisonSent> poison() {
		return ResponseEntity.accepted().body(this.placer.sendPoisonPill());
	}

	@GetMapping("/{id}")
	ResponseEntity<OrderStatus> status(@PathVariable String id) {
		return ResponseEntity.of(this.processedOrders.find(id));
	}

	/** The broker is slow or away: the client may retry later. */
	@ExceptionHandler(KafkaSendTimeoutException.class)
	ProblemDetail sendTimedOut(KafkaSendTimeoutException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
	}

}
