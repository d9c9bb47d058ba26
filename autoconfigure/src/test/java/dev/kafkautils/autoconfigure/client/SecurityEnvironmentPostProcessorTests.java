package dev.kafkautils.autoconfigure.client;

import java.util.Map;

import dev.kafkautils.autoconfigure.support.KafkaUtilsContextRunner;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SASL and AWS MSK IAM settings reach producers, consumers and admin clients once, and a
 * value set under spring.kafka.* wins.
 */
class SecurityEnvironmentPostProcessorTests {

	private final ApplicationContextRunner runner = KafkaUtilsContextRunner.create()
		.withPropertyValues("kafka.utils.client.verify-connection=false")
		.withInitializer((context) -> new SecurityEnvironmentPostProcessor()
			.postProcessEnvironment(context.getEnvironment(), null));

	@Test
	void saslSettingsReachEveryClient() {
		this.runner
			.withPropertyValues("kafka.utils.security.sasl.mechanism=SCRAM-SHA-512",
					"kafka.utils.security.sasl.jaas-config=org.apache.kafka.common.security.scram.ScramLoginModule "
							+ "required username=\"u\" password=\"p\";")
			.run((context) -> {
				for (Map<String, Object> config : clientConfigs(context)) {
					assertThat(config).containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")
						.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
					assertThat((String) config.get(SaslConfigs.SASL_JAAS_CONFIG)).contains("username=\"u\"");
				}
			});
	}

	@Test
	void awsMskIamSetsMechanismLoginModuleAndCallbackHandler() {
		this.runner
			.withPropertyValues("kafka.utils.security.aws-msk-iam.enabled=true",
					"kafka.utils.security.aws-msk-iam.role-arn=arn:aws:iam::123456789012:role/orders")
			.run((context) -> {
				for (Map<String, Object> config : clientConfigs(context)) {
					assertThat(config).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
						.containsEntry(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM")
						.containsEntry(SaslConfigs.SASL_JAAS_CONFIG,
								"software.amazon.msk.auth.iam.IAMLoginModule required "
										+ "awsRoleArn=\"arn:aws:iam::123456789012:role/orders\";")
						.containsEntry(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS,
								"software.amazon.msk.auth.iam.IAMClientCallbackHandler");
				}
			});
	}

	@Test
	void springKafkaSettingsWin() {
		this.runner
			.withPropertyValues("kafka.utils.security.sasl.mechanism=PLAIN",
					"spring.kafka.properties[sasl.mechanism]=SCRAM-SHA-256",
					"spring.kafka.security.protocol=SASL_PLAINTEXT")
			.run((context) -> {
				for (Map<String, Object> config : clientConfigs(context)) {
					assertThat(config).containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256")
						.containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
				}
			});
	}

	@Test
	void nothingAddedWhenStarterDisabled() {
		this.runner.withPropertyValues("kafka.utils.enabled=false", "kafka.utils.security.sasl.mechanism=PLAIN")
			.run((context) -> assertThat(context.getBean(KafkaAdmin.class).getConfigurationProperties())
				.doesNotContainKey(SaslConfigs.SASL_MECHANISM));
	}

	private static Iterable<Map<String, Object>> clientConfigs(
			org.springframework.context.ApplicationContext context) {
		return java.util.List.of(context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties(),
				context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties(),
				context.getBean(KafkaAdmin.class).getConfigurationProperties());
	}

}
