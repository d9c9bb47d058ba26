package dev.kafkautils.autoconfigure.producer;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import dev.kafkautils.autoconfigure.core.TopicNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.CompositeProducerInterceptor;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.ReflectionUtils;

/**
 * Gives every {@link KafkaTemplate} bean the send features of the auto-configured
 * template: the {@link SendListener} beans (the kafka-utils send meters) and the Kafka
 * {@link ProducerInterceptor} beans (correlation ids, trace propagation), in bean order,
 * composed with spring-kafka's {@link CompositeProducerInterceptor} behind an
 * interceptor the application set itself.
 * <p>
 * A {@link KafkaUtilsTemplate} (the auto-configured one or one the application builds)
 * takes them through its own methods. A plain {@code KafkaTemplate} takes them in its
 * producer-listener and producer-interceptor slots, wrapping what the application put
 * there; spring-kafka has setters but no getters for those two, so this reads the fields
 * behind them, and leaves such a template alone where the fields are not there. Logical
 * topic names and {@code sendAndWait} cannot be added to a plain template: one line at
 * start-up per plain template says what it has and what it lacks.
 */
final class KafkaTemplatePostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(KafkaTemplatePostProcessor.class);

	private static final @Nullable Field PRODUCER_LISTENER = templateField("producerListener", ProducerListener.class);

	private static final @Nullable Field PRODUCER_INTERCEPTOR = templateField("producerInterceptor",
			ProducerInterceptor.class);

	private final ObjectProvider<SendListener> sendListeners;

	private final ObjectProvider<ProducerInterceptor<?, ?>> producerInterceptors;

	private final ObjectProvider<TopicNames> topicNames;

	KafkaTemplatePostProcessor(ObjectProvider<SendListener> sendListeners,
			ObjectProvider<ProducerInterceptor<?, ?>> producerInterceptors, ObjectProvider<TopicNames> topicNames) {
		this.sendListeners = sendListeners;
		this.producerInterceptors = producerInterceptors;
		this.topicNames = topicNames;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof KafkaUtilsTemplate template) {
			this.sendListeners.orderedStream().forEach(template::addSendListener);
			ProducerInterceptor<String, Object> interceptor = compose(template.getProducerInterceptor(),
					interceptorBeans(), null);
			if (interceptor != null) {
				template.setProducerInterceptor(interceptor);
			}
		}
		else if (bean instanceof KafkaTemplate<?, ?> template) {
			instrumentPlain(template, beanName);
		}
		return bean;
	}

	private <K, V> void instrumentPlain(KafkaTemplate<K, V> template, String beanName) {
		SendListener[] listeners = this.sendListeners.orderedStream().toArray(SendListener[]::new);
		List<ProducerInterceptor<K, V>> interceptors = interceptorBeans();
		List<String> features = new ArrayList<>();
		if (listeners.length > 0) {
			features.add("send listeners");
		}
		if (!interceptors.isEmpty()) {
			features.add("producer interceptors");
		}
		boolean composable = PRODUCER_LISTENER != null && PRODUCER_INTERCEPTOR != null;
		if (composable && listeners.length > 0) {
			ProducerListener<K, V> own = read(PRODUCER_LISTENER, template);
			if (!(own instanceof TimingProducerListener)) {
				template.setProducerListener(new TimingProducerListener<>(listeners, own));
			}
		}
		if (composable) {
			// the start time goes on last, so a record another interceptor replaced is timed too
			ProducerInterceptor<K, V> interceptor = compose(read(PRODUCER_INTERCEPTOR, template), interceptors,
					(listeners.length > 0) ? new StartTimeInterceptor<>() : null);
			if (interceptor != null) {
				template.setProducerInterceptor(interceptor);
			}
		}
		logWhatIsOff(beanName, features, composable);
	}

	private void logWhatIsOff(String beanName, List<String> features, boolean composable) {
		List<String> names = new ArrayList<>();
		TopicNames topicNames = this.topicNames.getIfAvailable();
		if (topicNames != null && !topicNames.prefix().isEmpty()) {
			names.add("without the topic prefix '" + topicNames.prefix() + "' (kafka.utils.topic-prefix)");
		}
		if (topicNames != null && topicNames.declared()
			.entrySet()
			.stream()
			.anyMatch((entry) -> !entry.getValue().equals(topicNames.prefix() + entry.getKey()))) {
			names.add("without the names of kafka.utils.topics.<logical>.name");
		}
		String added = String.join(" and ", features);
		String kept = features.isEmpty() ? "" : composable ? "kafka-utils added its " + added + " to it, but "
				: "kafka-utils could not add its " + added
						+ " to it (this spring-kafka has no producerListener and producerInterceptor fields to "
						+ "compose with), and ";
		String message = "KafkaTemplate bean '" + beanName + "' is not a KafkaUtilsTemplate: " + kept
				+ "it sends to topic names as written" + (names.isEmpty() ? "" : ", " + String.join(" and ", names))
				+ ", and has no sendAndWait. To keep them, define the bean as a KafkaUtilsTemplate: "
				+ "new KafkaUtilsTemplate(producerFactory, topicNames, producerProperties.getSendTimeout())";
		if (!names.isEmpty() || (!composable && !features.isEmpty())) {
			logger.warn(message);
		}
		else {
			logger.info(message);
		}
	}

	@SuppressWarnings("unchecked")
	private <K, V> List<ProducerInterceptor<K, V>> interceptorBeans() {
		List<ProducerInterceptor<K, V>> interceptors = new ArrayList<>();
		this.producerInterceptors.orderedStream()
			.forEach((interceptor) -> interceptors.add((ProducerInterceptor<K, V>) interceptor));
		return interceptors;
	}

	/**
	 * The interceptor a template should have: its own (unless it is one of the beans,
	 * which come anyway), then the beans in order, then {@code last}.
	 */
	@SuppressWarnings("unchecked")
	private static <K, V> @Nullable ProducerInterceptor<K, V> compose(@Nullable ProducerInterceptor<K, V> own,
			List<ProducerInterceptor<K, V>> beans, @Nullable ProducerInterceptor<K, V> last) {
		List<ProducerInterceptor<K, V>> all = new ArrayList<>();
		if (own != null && !beans.contains(own)) {
			all.add(own);
		}
		all.addAll(beans);
		if (last != null) {
			all.add(last);
		}
		if (all.size() <= 1) {
			return all.isEmpty() ? null : all.get(0);
		}
		return new CompositeProducerInterceptor<>(all.toArray(ProducerInterceptor[]::new));
	}

	@SuppressWarnings("unchecked")
	private static <T> @Nullable T read(Field field, KafkaTemplate<?, ?> template) {
		return (T) ReflectionUtils.getField(field, template);
	}

	/** A field behind one of KafkaTemplate's setter-only properties, or {@code null}. */
	private static @Nullable Field templateField(String name, Class<?> type) {
		try {
			Field field = ReflectionUtils.findField(KafkaTemplate.class, name, type);
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
			}
			return field;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
