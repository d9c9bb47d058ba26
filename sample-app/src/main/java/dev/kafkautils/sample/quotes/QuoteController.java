package dev.kafkautils.sample.quotes;

import dev.kafkautils.autoconfigure.rpc.RpcClient;
import dev.kafkautils.autoconfigure.rpc.RpcClientFactory;
import dev.kafkautils.autoconfigure.rpc.RpcErrorReplyException;
import dev.kafkautils.autoconfigure.rpc.RpcTimeoutException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /quotes?amountCents=..&currency=..} asks the quote service over Kafka and
 * waits for its answer: the client side of the request/reply example.
 */
@RestController
class QuoteController {

	private final RpcClient<QuoteRequest, Quote> quotes;

	QuoteController(RpcClient<QuoteRequest, Quote> quotes) {
		this.quotes = quotes;
	}

	@GetMapping("/quotes")
	Quote quote(@RequestParam long amountCents, @RequestParam String currency) {
		return this.quotes.call(new QuoteRequest(amountCents, currency));
	}

	/** The quote service refused: its exception's message, without a stack trace. */
	@ExceptionHandler(RpcErrorReplyException.class)
	ProblemDetail refused(RpcErrorReplyException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getRemoteMessage());
	}

	/** No instance of the quote service answered in time. */
	@ExceptionHandler(RpcTimeoutException.class)
	ProblemDetail timedOut(RpcTimeoutException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT, ex.getMessage());
	}

	@Configuration(proxyBeanMethods = false)
	static class QuoteClientConfiguration {

		/** A bean, so its topics are provisioned and its reply consumer is ready before traffic. */
		@Bean
		RpcClient<QuoteRequest, Quote> quoteClient(RpcClientFactory rpc) {
			return rpc.create(QuoteService.REQUESTS, Quote.class);
		}

	}

}
