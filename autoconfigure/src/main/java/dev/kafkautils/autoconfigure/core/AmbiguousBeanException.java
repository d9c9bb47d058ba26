package dev.kafkautils.autoconfigure.core;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when kafka-utils needs one bean of a type and finds several, none
 * of them {@code @Primary}. {@link AmbiguousBeanFailureAnalyzer} names the beans and the
 * fix.
 */
public class AmbiguousBeanException extends RuntimeException {

	private final Class<?> beanType;

	private final List<String> beanNames;

	private final String use;

	public AmbiguousBeanException(Class<?> beanType, @Nullable Collection<String> beanNames, String use,
			@Nullable Throwable cause) {
		super("Expected one " + beanType.getName() + " bean, found " + ((beanNames != null) ? beanNames : "several")
				+ ": " + use, cause);
		this.beanType = beanType;
		this.beanNames = (beanNames != null) ? List.copyOf(beanNames) : List.of();
		this.use = use;
	}

	public Class<?> getBeanType() {
		return this.beanType;
	}

	public List<String> getBeanNames() {
		return this.beanNames;
	}

	public String getUse() {
		return this.use;
	}

}
