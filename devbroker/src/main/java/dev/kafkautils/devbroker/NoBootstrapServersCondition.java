package dev.kafkautils.devbroker;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.kafka.bootstrap-servers} is not configured. The binder is
 * asked rather than {@code Environment#containsProperty}, so every form Spring Boot
 * would bind counts as configured: a plain value, indexed list entries
 * ({@code spring.kafka.bootstrap-servers[0]}) and the environment variable
 * {@code SPRING_KAFKA_BOOTSTRAPSERVERS}.
 */
final class NoBootstrapServersCondition extends SpringBootCondition {

	static final String PROPERTY = "spring.kafka.bootstrap-servers";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("No Kafka bootstrap servers");
		boolean configured = Binder.get(context.getEnvironment())
			.bind(PROPERTY, Bindable.listOf(String.class))
			.isBound();
		if (configured) {
			return ConditionOutcome.noMatch(message.found("property").items(PROPERTY));
		}
		return ConditionOutcome.match(message.didNotFind("property").items(PROPERTY));
	}

}
