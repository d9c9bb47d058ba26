package dev.kafkautils.autoconfigure.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process HTTP stand-in for a registry, for error handling: each path (with its
 * query) answers a scripted sequence of responses (the last one repeats), and every
 * request is recorded. Not a registry: the behaviour of real ones is tested against
 * Apicurio.
 */
final class FakeSchemaRegistry implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final CountDownLatch released = new CountDownLatch(1);

	FakeSchemaRegistry() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** @return the base URL, {@code http://127.0.0.1:P/api} */
	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api";
	}

	/** Script the answers of a path below the base URL, such as "/schemas/ids/1". */
	FakeSchemaRegistry answer(String path, Answer... answers) {
		this.answers.put("/api" + path, List.of(answers));
		this.served.remove("/api" + path);
		return this;
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	long requestsTo(String path) {
		return this.requests.stream().filter((request) -> request.path().equals("/api" + path)).count();
	}

	static Answer json(int status, String body) {
		return new Answer(status, body, 0);
	}

	/** An answer that never comes (until the fake is closed). */
	static Answer hang() {
		return new Answer(200, "{}", -1);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		String query = exchange.getRequestURI().getRawQuery();
		String key = (query != null) ? path + "?" + query : path;
		byte[] body = exchange.getRequestBody().readAllBytes();
		this.requests.add(new Request(exchange.getRequestMethod(), path, query,
				exchange.getRequestHeaders().getFirst("Authorization"),
				exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
		List<Answer> scripted = this.answers.getOrDefault(key, this.answers.get(path));
		Answer answer;
		if (scripted == null) {
			answer = json(404, "{\"error_code\":40401,\"message\":\"not scripted: " + key + "\"}");
		}
		else {
			int index = this.served.computeIfAbsent(key, (k) -> new AtomicInteger()).getAndIncrement();
			answer = scripted.get(Math.min(index, scripted.size() - 1));
		}
		if (answer.delay() < 0) {
			try {
				this.released.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
		exchange.sendResponseHeaders(answer.status(), (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
		exchange.close();
	}

	@Override
	public void close() {
		this.released.countDown();
		this.server.stop(0);
	}

	record Answer(int status, String body, int delay) {
	}

	record Request(String method, String path, String query, String authorization, String contentType,
			String body) {
	}

}
