package dev.kafkautils.autoconfigure.rpc;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps the request/reply template's own timeout line out of the log: spring-kafka's
 * {@code ReplyingKafkaTemplate} logs every timeout at WARN with the whole request
 * record, under the logger of its class (here {@code RpcTemplate}), while the caller
 * already gets an {@link RpcTimeoutException} naming the topic and correlation id and
 * the timeout is counted. The level is a property source added last, so a
 * {@code logging.level.dev.kafkautils.autoconfigure.rpc.RpcTemplate} of the application's
 * wins; errors (a reply without a correlation id) are still logged.
 */
public class RpcLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "kafkaUtilsRpcLogging";

	/** By name, so that spring-kafka's classes are not loaded this early. */
	static final String TEMPLATE_LOGGER = "dev.kafkautils.autoconfigure.rpc.RpcTemplate";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("logging.level." + TEMPLATE_LOGGER, "error")));
	}

}
