package dev.kafkautils.test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Which test class a cluster is started for, worked out from a test class alone, the way
 * {@link KafkaBrokersExtension} ends up doing it: the outermost class, of the test class and
 * the classes it is nested in, that uses the extension, through an annotation (its own or
 * a superclass's) or a static field.
 */
final class ClusterOwner {

	private ClusterOwner() {
	}

	/**
	 * @param testClass a test class
	 * @return the class whose cluster its tests use, or {@code null} if they use none
	 */
	static @Nullable Class<?> of(Class<?> testClass) {
		Class<?> owner = null;
		for (Class<?> type = testClass; type != null; type = enclosingOfNested(type)) {
			if (usesExtension(type)) {
				owner = type;
			}
		}
		return owner;
	}

	private static boolean usesExtension(Class<?> type) {
		boolean declared = AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)
			.stream()
			.anyMatch((extendWith) -> Arrays.asList(extendWith.value()).contains(KafkaBrokersExtension.class));
		return declared || !ReflectionSupport
			.findFields(type, ClusterOwner::isExtensionField, HierarchyTraversalMode.TOP_DOWN)
			.isEmpty();
	}

	private static boolean isExtensionField(Field field) {
		return Modifier.isStatic(field.getModifiers()) && KafkaBrokersExtension.class.isAssignableFrom(field.getType());
	}

	/** JUnit nests only inner (non-static) classes: {@code @Nested}. */
	private static @Nullable Class<?> enclosingOfNested(Class<?> type) {
		return Modifier.isStatic(type.getModifiers()) ? null : type.getEnclosingClass();
	}

}
