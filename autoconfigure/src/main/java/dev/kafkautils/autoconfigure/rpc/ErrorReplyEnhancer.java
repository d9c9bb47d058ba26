package dev.kafkautils.autoconfigure.rpc;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor.AnnotationEnhancer;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.StringUtils;

/**
 * Gives every {@code @KafkaListener} that replies ({@code @SendTo} on the method or its
 * class) and names no {@code errorHandler} the {@link ErrorReplies} handler, so a server
 * method's exception answers the requester.
 */
final class ErrorReplyEnhancer implements AnnotationEnhancer {

	private static final String ERROR_HANDLER = "errorHandler";

	@Override
	public Map<String, Object> apply(Map<String, Object> attributes, AnnotatedElement element) {
		if (StringUtils.hasText((String) attributes.get(ERROR_HANDLER)) || !replies(element)) {
			return attributes;
		}
		Map<String, Object> enhanced = new LinkedHashMap<>(attributes);
		enhanced.put(ERROR_HANDLER, ErrorReplies.BEAN_NAME);
		return enhanced;
	}

	private static boolean replies(AnnotatedElement element) {
		if (AnnotatedElementUtils.hasAnnotation(element, SendTo.class)) {
			return true;
		}
		return element instanceof Method method
				&& AnnotatedElementUtils.hasAnnotation(method.getDeclaringClass(), SendTo.class);
	}

}
