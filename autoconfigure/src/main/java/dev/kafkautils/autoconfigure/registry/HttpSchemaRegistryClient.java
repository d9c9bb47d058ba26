package dev.kafkautils.autoconfigure.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import dev.kafkautils.autoconfigure.registry.SchemaRegistryMetrics.Operation;
import dev.kafkautils.autoconfigure.registry.SchemaRegistryMetrics.Outcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * A {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, on the JDK's
 * {@link HttpClient} and Jackson. Every call goes to the registry; wrap it in a
 * {@link CachingSchemaRegistryClient} (the auto-configured client is) to cache.
 * <p>
 * Requests go to the URL that answered last, else to the others in order (failover).
 * A 5xx answer or a connection failure moves on to the next URL; when every URL failed,
 * the round is retried after an exponentially growing back-off, up to
 * {@code retry.max-attempts} rounds. Other answers are final: 4xx answers become a
 * {@link SchemaRegistryException} with the registry's status, error code and message.
 * <p>
 * Credentials (basic auth, a bearer token, or user info in a URL, which is taken out of
 * the URL and sent as basic auth) go only into the Authorization header: messages, logs
 * and meters show URLs without them.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

	/** The Confluent REST API's content type, of requests and answers. */
	public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

	private static final String ACCEPT = CONTENT_TYPE + ", application/json;q=0.9";

	private static final int MAX_MESSAGE_CHARS = 500;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http;

	/** The base URLs, without user info and without a trailing slash. */
	private final List<String> urls;

	private final @Nullable String authorization;

	private final Duration readTimeout;

	private final int maxAttempts;

	private final long initialBackoffNanos;

	private final long maxBackoffNanos;

	private final SchemaRegistryMetrics metrics;

	/** The URL that answered last, tried first. */
	private volatile int preferred;

	/**
	 * @param properties the registry settings: URLs, timeouts, authentication, retries
	 * @param sslBundle the SSL bundle of https URLs, or null for the JDK's defaults
	 * @param metrics where requests are recorded
	 */
	public HttpSchemaRegistryClient(SchemaRegistryProperties properties, @Nullable SslBundle sslBundle,
			SchemaRegistryMetrics metrics) {
		if (properties.getUrl().isEmpty()) {
			throw new IllegalArgumentException("No registry URL is set (" + SchemaRegistryProperties.PREFIX + ".url)");
		}
		List<String> urls = new ArrayList<>();
		String userInfo = null;
		for (URI url : properties.getUrl()) {
			urls.add(withoutUserInfo(url));
			if (userInfo == null && url.getRawUserInfo() != null) {
				userInfo = URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
			}
		}
		this.urls = List.copyOf(urls);
		this.authorization = authorization(properties.getAuthentication(), userInfo);
		this.readTimeout = properties.getReadTimeout();
		SchemaRegistryProperties.Retry retry = properties.getRetry();
		this.maxAttempts = Math.max(1, retry.getMaxAttempts());
		this.initialBackoffNanos = Math.max(0, retry.getInitialBackoff().toNanos());
		this.maxBackoffNanos = Math.max(this.initialBackoffNanos, retry.getMaxBackoff().toNanos());
		this.metrics = metrics;
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(properties.getConnectTimeout());
		if (sslBundle != null) {
			SSLContext context = sslBundle.createSslContext();
			builder.sslContext(context).sslParameters(sslParameters(context, sslBundle.getOptions()));
		}
		this.http = builder.build();
	}

	/** @return the registry's base URLs, in order, without credentials */
	public List<String> urls() {
		return this.urls;
	}

	@Override
	public SchemaId register(String subject, RegistrySchema schema, boolean normalize) {
		JsonNode answer = send(Operation.REGISTER, "POST", "/subjects/" + path(subject) + "/versions" + normalize(normalize),
				body(schema));
		return new SchemaId(answer.path("id").asInt(), guid(answer));
	}

	@Override
	public Optional<SubjectVersion> lookup(String subject, RegistrySchema schema, boolean normalize) {
		try {
			JsonNode answer = send(Operation.LOOKUP, "POST", "/subjects/" + path(subject) + normalize(normalize),
					body(schema));
			// Apicurio leaves the type out of lookup answers: it is the type of the schema found
			return Optional.of(subjectVersion(subject, answer, schema.schemaType()));
		}
		catch (SchemaRegistryException ex) {
			if (ex.isNotFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public RegistrySchema schemaById(int id) {
		return schema(send(Operation.SCHEMA_BY_ID, "GET", "/schemas/ids/" + id, null));
	}

	@Override
	public RegistrySchema schemaByGuid(UUID guid) {
		return schema(send(Operation.SCHEMA_BY_GUID, "GET", "/schemas/guids/" + guid, null));
	}

	@Override
	public Optional<SubjectVersion> version(String subject, int version) {
		String number = (version == -1) ? "latest" : Integer.toString(version);
		try {
			JsonNode answer = send(Operation.VERSION, "GET", "/subjects/" + path(subject) + "/versions/" + number,
					null);
			return Optional.of(subjectVersion(subject, answer, "AVRO"));
		}
		catch (SchemaRegistryException ex) {
			if (ex.isNotFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public CompatibilityResult checkCompatibility(String subject, RegistrySchema schema) {
		JsonNode answer;
		try {
			answer = send(Operation.CHECK_COMPATIBILITY, "POST",
					"/compatibility/subjects/" + path(subject) + "/versions/latest?verbose=true", body(schema));
		}
		catch (SchemaRegistryException ex) {
			if (ex.isNotFound()) {
				// no subject or no version yet: anything is compatible with nothing
				return new CompatibilityResult(true, List.of());
			}
			if (ex.isIncompatible()) {
				return new CompatibilityResult(false, List.of(ex.getMessage()));
			}
			throw ex;
		}
		List<String> messages = new ArrayList<>();
		for (JsonNode message : answer.path("messages").values()) {
			messages.add(message.asString());
		}
		return new CompatibilityResult(answer.path("is_compatible").asBoolean(), messages);
	}

	@Override
	public Optional<String> compatibility(String subject) {
		JsonNode answer;
		try {
			answer = send(Operation.GET_COMPATIBILITY, "GET", "/config/" + path(subject), null);
		}
		catch (SchemaRegistryException ex) {
			if (ex.isNotFound()) {
				return Optional.empty();
			}
			throw ex;
		}
		// GET answers compatibilityLevel; some registries answer as PUT does
		String level = answer.path("compatibilityLevel").asString(answer.path("compatibility").asString(""));
		return level.isEmpty() ? Optional.empty() : Optional.of(level);
	}

	@Override
	public void setCompatibility(String subject, String level) {
		ObjectNode body = this.json.createObjectNode();
		body.put("compatibility", level);
		send(Operation.SET_COMPATIBILITY, "PUT", "/config/" + path(subject), body);
	}

	/**
	 * Asks one URL once ({@code GET /config}, which every Confluent-compatible registry
	 * serves), without retries or failover: the reachability check of start-up and health.
	 * @param urlIndex the index of the URL in {@link #urls()}
	 * @param timeout how long the answer may take
	 * @throws SchemaRegistryException when the URL does not answer, or answers with an error
	 */
	public void ping(int urlIndex, Duration timeout) {
		String url = this.urls.get(urlIndex) + "/config";
		Attempt attempt = attempt(Operation.PING, "GET", url, null, timeout);
		if (attempt.failure() != null) {
			throw attempt.failure();
		}
	}

	private JsonNode send(Operation operation, String method, String path, @Nullable JsonNode body) {
		byte[] bytes = (body != null) ? this.json.writeValueAsBytes(body) : null;
		int count = this.urls.size();
		SchemaRegistryException last = null;
		for (int round = 1; round <= this.maxAttempts; round++) {
			if (round > 1) {
				backOff(round, last);
			}
			int first = this.preferred;
			for (int i = 0; i < count; i++) {
				int index = (first + i) % count;
				Attempt attempt = attempt(operation, method, this.urls.get(index) + path, bytes, this.readTimeout);
				if (attempt.answer() != null) {
					this.preferred = index;
					return attempt.answer();
				}
				last = attempt.failure();
				if (!attempt.retriable()) {
					this.preferred = index;
					throw last;
				}
			}
		}
		if (last != null && last.status() == 0 && count > 1) {
			throw new SchemaRegistryException(String.join(", ", this.urls), 0, 0,
					"No schema registry answered at " + this.urls + " after " + this.maxAttempts + " attempts each: "
							+ last.getMessage(),
					last);
		}
		throw (last != null) ? last : new IllegalStateException("no attempt was made");
	}

	private Attempt attempt(Operation operation, String method, String url, byte @Nullable [] body,
			Duration timeout) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(timeout)
			.header("Accept", ACCEPT)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", CONTENT_TYPE);
		}
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		long start = System.nanoTime();
		HttpResponse<byte[]> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			this.metrics.request(operation, Outcome.UNREACHABLE, System.nanoTime() - start);
			return Attempt.failed(new SchemaRegistryException(url, 0, 0,
					"Schema registry at " + url + " did not answer: " + describe(ex), ex), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.metrics.request(operation, Outcome.UNREACHABLE, System.nanoTime() - start);
			return Attempt.failed(new SchemaRegistryException(url, 0, 0,
					"Interrupted while waiting for the schema registry at " + url, ex), false);
		}
		int status = response.statusCode();
		this.metrics.request(operation, Outcome.of(status), System.nanoTime() - start);
		if (status >= 200 && status < 300) {
			try {
				byte[] bytes = response.body();
				return Attempt.answered((bytes.length == 0) ? this.json.createObjectNode() : this.json.readTree(bytes));
			}
			catch (JacksonException ex) {
				return Attempt.failed(new SchemaRegistryException(url, status, 0,
						"Schema registry at " + url + " answered " + status + " with a body that is not JSON", ex),
						false);
			}
		}
		return Attempt.failed(error(method, url, status, response.body()), status >= 500);
	}

	private SchemaRegistryException error(String method, String url, int status, byte[] body) {
		int errorCode = 0;
		String message = null;
		if (body.length > 0) {
			try {
				JsonNode error = this.json.readTree(body);
				errorCode = error.path("error_code").asInt(0);
				message = error.path("message").asString(null);
			}
			catch (JacksonException ex) {
				message = new String(body, StandardCharsets.UTF_8);
			}
		}
		StringBuilder text = new StringBuilder("Schema registry answered ").append(method)
			.append(' ')
			.append(url)
			.append(" with HTTP ")
			.append(status);
		if (errorCode != 0) {
			text.append(" (error code ").append(errorCode).append(')');
		}
		if (message != null && !message.isBlank()) {
			text.append(": ").append(
					(message.length() > MAX_MESSAGE_CHARS) ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message);
		}
		return new SchemaRegistryException(url, status, errorCode, text.toString(), null);
	}

	private void backOff(int round, @Nullable SchemaRegistryException last) {
		long nanos = this.initialBackoffNanos << Math.min(round - 2, 30);
		if (nanos < 0 || nanos > this.maxBackoffNanos) {
			nanos = this.maxBackoffNanos;
		}
		if (nanos <= 0) {
			return;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SchemaRegistryException(String.join(", ", this.urls), 0, 0,
					"Interrupted while retrying a schema registry request", (last != null) ? last : ex);
		}
	}

	private ObjectNode body(RegistrySchema schema) {
		ObjectNode body = this.json.createObjectNode();
		if (!"AVRO".equals(schema.schemaType())) {
			body.put("schemaType", schema.schemaType());
		}
		body.put("schema", schema.schema());
		if (!schema.references().isEmpty()) {
			ArrayNode references = body.putArray("references");
			for (SchemaReference reference : schema.references()) {
				references.addObject()
					.put("name", reference.name())
					.put("subject", reference.subject())
					.put("version", reference.version());
			}
		}
		return body;
	}

	private static RegistrySchema schema(JsonNode answer) {
		return schema(answer, "AVRO");
	}

	/** The API leaves the type out for Avro schemas. */
	private static RegistrySchema schema(JsonNode answer, String typeIfAbsent) {
		List<SchemaReference> references = new ArrayList<>();
		for (JsonNode reference : answer.path("references").values()) {
			references.add(new SchemaReference(reference.path("name").asString(""),
					reference.path("subject").asString(""), reference.path("version").asInt()));
		}
		return new RegistrySchema(answer.path("schemaType").asString(typeIfAbsent), answer.path("schema").asString(""),
				references);
	}

	private static SubjectVersion subjectVersion(String subject, JsonNode answer, String typeIfAbsent) {
		return new SubjectVersion(answer.path("subject").asString(subject), answer.path("version").asInt(),
				answer.path("id").asInt(), schema(answer, typeIfAbsent));
	}

	private static @Nullable UUID guid(JsonNode answer) {
		String guid = answer.path("guid").asString(null);
		if (guid == null) {
			return null;
		}
		try {
			return UUID.fromString(guid);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String normalize(boolean normalize) {
		return normalize ? "?normalize=true" : "";
	}

	/** A path segment: subjects may hold '/' (imports registered under their path) and spaces. */
	private static String path(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String withoutUserInfo(URI url) {
		if (url.getScheme() == null || url.getHost() == null) {
			throw new IllegalArgumentException("A registry URL must be absolute, such as http://registry:8081: "
					+ ((url.getRawUserInfo() != null) ? "(a URL with user info)" : url));
		}
		StringBuilder text = new StringBuilder(url.getScheme()).append("://").append(url.getHost());
		if (url.getPort() != -1) {
			text.append(':').append(url.getPort());
		}
		String path = (url.getRawPath() != null) ? url.getRawPath() : "";
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return text.append(path).toString();
	}

	private static @Nullable String authorization(SchemaRegistryProperties.Authentication authentication,
			@Nullable String userInfo) {
		if (authentication.getBearerToken() != null && !authentication.getBearerToken().isEmpty()) {
			return "Bearer " + authentication.getBearerToken();
		}
		if (authentication.getUsername() != null && !authentication.getUsername().isEmpty()) {
			String password = (authentication.getPassword() != null) ? authentication.getPassword() : "";
			return basic(authentication.getUsername() + ":" + password);
		}
		return (userInfo != null) ? basic(userInfo) : null;
	}

	private static String basic(String credentials) {
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static SSLParameters sslParameters(SSLContext context, SslOptions options) {
		SSLParameters parameters = context.getDefaultSSLParameters();
		if (options.getCiphers() != null) {
			parameters.setCipherSuites(options.getCiphers());
		}
		if (options.getEnabledProtocols() != null) {
			parameters.setProtocols(options.getEnabledProtocols());
		}
		return parameters;
	}

	private static String describe(IOException ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null && !message.isEmpty()) ? " (" + message + ")" : "");
	}

	/** One request to one URL: an answer, or a failure and whether another try may help. */
	private record Attempt(@Nullable JsonNode answer, @Nullable SchemaRegistryException failure, boolean retriable) {

		static Attempt answered(JsonNode answer) {
			return new Attempt(answer, null, false);
		}

		static Attempt failed(SchemaRegistryException failure, boolean retriable) {
			return new Attempt(null, failure, retriable);
		}

	}

}
