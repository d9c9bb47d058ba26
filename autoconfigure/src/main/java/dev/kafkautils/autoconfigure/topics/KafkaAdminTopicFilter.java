package dev.kafkautils.autoconfigure.topics;

import java.lang.reflect.Method;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.util.ReflectionUtils;

/**
 * Keeps spring-kafka's {@link KafkaAdmin} away from the {@link NewTopic} beans of the
 * declared topics: provisioning creates and checks those itself (replication check,
 * clamping, drift report, waiting for leaders), and two creators would race. Other
 * {@code NewTopic} beans stay with {@code KafkaAdmin}, and a predicate already set on it
 * is kept.
 */
class KafkaAdminTopicFilter implements BeanPostProcessor {

	private final ObjectProvider<TopicPlanner> planner;

	KafkaAdminTopicFilter(ObjectProvider<TopicPlanner> planner) {
		this.planner = planner;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof KafkaAdmin admin) {
			Predicate<NewTopic> existing = currentPredicate(admin);
			admin.setCreateOrModifyTopic(existing.and((topic) -> !isProvisioned(topic)));
		}
		return bean;
	}

	private boolean isProvisioned(NewTopic topic) {
		TopicPlanner planner = this.planner.getIfAvailable();
		return planner != null
				&& planner.declared().values().stream().anyMatch((spec) -> spec.name().equals(topic.name()));
	}

	/**
	 * KafkaAdmin offers its predicate only to subclasses; read it so that a predicate the
	 * application set on its own KafkaAdmin bean still applies.
	 */
	@SuppressWarnings("unchecked")
	private static Predicate<NewTopic> currentPredicate(KafkaAdmin admin) {
		Method getter = ReflectionUtils.findMethod(KafkaAdmin.class, "getCreateOrModifyTopic");
		if (getter == null) {
			return (topic) -> true;
		}
		ReflectionUtils.makeAccessible(getter);
		Object predicate = ReflectionUtils.invokeMethod(getter, admin);
		return (predicate != null) ? (Predicate<NewTopic>) predicate : (topic) -> true;
	}

}
