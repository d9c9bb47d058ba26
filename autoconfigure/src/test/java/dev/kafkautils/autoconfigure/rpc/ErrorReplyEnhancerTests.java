package dev.kafkautils.autoconfigure.rpc;

import java.lang.reflect.Method;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which listeners get error replies: replying ones without an error handler of their own.
 */
class ErrorReplyEnhancerTests {

	private final ErrorReplyEnhancer enhancer = new ErrorReplyEnhancer();

	@Test
	void replyingListenerGetsErrorReplies() throws Exception {
		assertThat(this.enhancer.apply(Map.of("errorHandler", ""), method(Listeners.class, "replying")))
			.containsEntry("errorHandler", ErrorReplies.BEAN_NAME);
	}

	@Test
	void listenerOfAReplyingClassGetsErrorReplies() throws Exception {
		assertThat(this.enhancer.apply(Map.of("errorHandler", ""), method(ReplyingListeners.class, "any")))
			.containsEntry("errorHandler", ErrorReplies.BEAN_NAME);
	}

	@Test
	void ownErrorHandlerIsKept() throws Exception {
		assertThat(this.enhancer.apply(Map.of("errorHandler", "mine"), method(Listeners.class, "replying")))
			.containsEntry("errorHandler", "mine");
	}

	@Test
	void listenerThatDoesNotReplyIsLeftAlone() throws Exception {
		assertThat(this.enhancer.apply(Map.of("errorHandler", ""), method(Listeners.class, "plain")))
			.containsEntry("errorHandler", "");
	}

	private static Method method(Class<?> type, String name) throws NoSuchMethodException {
		return type.getDeclaredMethod(name, String.class);
	}

	static class Listeners {

		@SendTo
		String replying(String in) {
			return in;
		}

		void plain(String in) {
		}

	}

	@SendTo
	static class ReplyingListeners {

		String any(String in) {
			return in;
		}

	}

}
