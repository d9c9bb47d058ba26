package dev.kafkautils.autoconfigure.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.config.SaslConfigs;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code kafka.utils.security.*} into Spring Boot's own Kafka properties, so the
 * settings reach producers, consumers, admin clients and Kafka Streams alike through
 * {@code spring.kafka.*}. The property source is added last: a value set directly under
 * {@code spring.kafka.*} anywhere wins.
 */
public class SecurityEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "kafkaUtilsSecurity";

	static final String MSK_IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";

	static final String MSK_IAM_CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";

	private static final String COMMON = "spring.kafka.properties.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("kafka.utils.enabled", Boolean.class).orElse(true)) {
			return;
		}
		SecurityProperties security = binder.bind("kafka.utils.security", SecurityProperties.class)
			.orElseGet(SecurityProperties::new);
		Map<String, Object> kafkaProperties = springKafkaProperties(security);
		if (!kafkaProperties.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, kafkaProperties));
		}
	}

	static Map<String, Object> springKafkaProperties(SecurityProperties security) {
		Map<String, Object> properties = new LinkedHashMap<>();
		SecurityProperties.AwsMskIam iam = security.getAwsMskIam();
		if (iam.isEnabled()) {
			properties.put("spring.kafka.security.protocol", "SASL_SSL");
			properties.put(COMMON + SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM");
			properties.put(COMMON + SaslConfigs.SASL_JAAS_CONFIG, mskIamJaasConfig(iam));
			properties.put(COMMON + SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, MSK_IAM_CALLBACK_HANDLER);
		}
		SecurityProperties.Sasl sasl = security.getSasl();
		putIfText(properties, COMMON + SaslConfigs.SASL_MECHANISM, sasl.getMechanism());
		putIfText(properties, COMMON + SaslConfigs.SASL_JAAS_CONFIG, sasl.getJaasConfig());
		putIfText(properties, COMMON + SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS,
				sasl.getClientCallbackHandlerClass());
		putIfText(properties, COMMON + SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS,
				sasl.getLoginCallbackHandlerClass());
		if (sasl.getMechanism() != null && !properties.containsKey("spring.kafka.security.protocol")) {
			// SASL without a protocol would silently connect in plaintext: default to SASL_SSL
			properties.put("spring.kafka.security.protocol", "SASL_SSL");
		}
		return properties;
	}

	private static String mskIamJaasConfig(SecurityProperties.AwsMskIam iam) {
		StringBuilder jaas = new StringBuilder(MSK_IAM_LOGIN_MODULE).append(" required");
		if (iam.getRoleArn() != null) {
			jaas.append(" awsRoleArn=\"").append(iam.getRoleArn()).append('"');
		}
		if (iam.getProfileName() != null) {
			jaas.append(" awsProfileName=\"").append(iam.getProfileName()).append('"');
		}
		return jaas.append(';').toString();
	}

	private static void putIfText(Map<String, Object> properties, String key, String value) {
		if (value != null && !value.isBlank()) {
			properties.put(key, value);
		}
	}

}
