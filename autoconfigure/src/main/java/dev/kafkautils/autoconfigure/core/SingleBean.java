package dev.kafkautils.autoconfigure.core;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Looks up an optional collaborator that must be unique. {@code getIfUnique()} would
 * quietly treat two beans like none and fall back to a default, so a second recoverer,
 * say, would switch dead-lettering off; this fails start-up instead, naming the beans
 * ({@link AmbiguousBeanException}).
 */
public final class SingleBean {

	private SingleBean() {
	}

	/**
	 * The one bean of a type, or the primary one among several.
	 * @param <T> the bean type
	 * @param provider the provider of the beans
	 * @param type the bean type, for the message
	 * @param use what kafka-utils uses the bean for, for the message
	 * @return the bean, or {@code null} when there is none
	 * @throws AmbiguousBeanException when there are several and none is primary
	 */
	public static <T> @Nullable T of(ObjectProvider<T> provider, Class<T> type, String use) {
		try {
			return provider.getIfAvailable();
		}
		catch (NoUniqueBeanDefinitionException ex) {
			throw new AmbiguousBeanException(type, ex.getBeanNamesFound(), use, ex);
		}
	}

}
