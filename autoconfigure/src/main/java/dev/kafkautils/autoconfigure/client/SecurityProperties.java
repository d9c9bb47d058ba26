package dev.kafkautils.autoconfigure.client;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SASL settings under {@code kafka.utils.security}, applied once to producers,
 * consumers and admin clients. Spring Boot's {@code spring.kafka.security.protocol} and
 * {@code spring.kafka.ssl.*} already cover the protocol and SSL; they are not repeated
 * here.
 */
@ConfigurationProperties(SecurityProperties.PREFIX)
public class SecurityProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".security";

	/** SASL settings. */
	private final Sasl sasl = new Sasl();

	/** AWS MSK IAM authentication (needs the aws-msk-iam-auth library on the classpath). */
	private final AwsMskIam awsMskIam = new AwsMskIam();

	public Sasl getSasl() {
		return this.sasl;
	}

	public AwsMskIam getAwsMskIam() {
		return this.awsMskIam;
	}

	/**
	 * SASL mechanism and login.
	 */
	public static class Sasl {

		/** SASL mechanism, for example PLAIN, SCRAM-SHA-512 or OAUTHBEARER. */
		private @Nullable String mechanism;

		/** JAAS login configuration (sasl.jaas.config). */
		private @Nullable String jaasConfig;

		/** Fully qualified class name of the SASL client callback handler. */
		private @Nullable String clientCallbackHandlerClass;

		/** Fully qualified class name of the SASL login callback handler. */
		private @Nullable String loginCallbackHandlerClass;

		public @Nullable String getMechanism() {
			return this.mechanism;
		}

		public void setMechanism(@Nullable String mechanism) {
			this.mechanism = mechanism;
		}

		public @Nullable String getJaasConfig() {
			return this.jaasConfig;
		}

		public void setJaasConfig(@Nullable String jaasConfig) {
			this.jaasConfig = jaasConfig;
		}

		public @Nullable String getClientCallbackHandlerClass() {
			return this.clientCallbackHandlerClass;
		}

		public void setClientCallbackHandlerClass(@Nullable String clientCallbackHandlerClass) {
			this.clientCallbackHandlerClass = clientCallbackHandlerClass;
		}

		public @Nullable String getLoginCallbackHandlerClass() {
			return this.loginCallbackHandlerClass;
		}

		public void setLoginCallbackHandlerClass(@Nullable String loginCallbackHandlerClass) {
			this.loginCallbackHandlerClass = loginCallbackHandlerClass;
		}

	}

	/**
	 * AWS MSK IAM: SASL_SSL with the AWS_MSK_IAM mechanism and its login module.
	 */
	public static class AwsMskIam {

		/** Whether to authenticate to AWS MSK with IAM. */
		private boolean enabled;

		/** IAM role to assume (awsRoleArn), if any. */
		private @Nullable String roleArn;

		/** Named AWS profile to use (awsProfileName), if any. */
		private @Nullable String profileName;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getRoleArn() {
			return this.roleArn;
		}

		public void setRoleArn(@Nullable String roleArn) {
			this.roleArn = roleArn;
		}

		public @Nullable String getProfileName() {
			return this.profileName;
		}

		public void setProfileName(@Nullable String profileName) {
			this.profileName = profileName;
		}

	}

}
