package dev.kafkautils.autoconfigure.topics;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaFuture;

/**
 * {@code kafka.utils.provisioning.operation-timeout} applied to each admin request of a
 * provisioning run. The admin client may give up first with its own timeout error, inside
 * an {@link ExecutionException}; it is turned into a {@link TimeoutException} so that
 * either way start-up fails with the one problem that names the timeout property.
 */
final class OperationTimeout {

	private final ProvisioningProperties settings;

	OperationTimeout(ProvisioningProperties settings) {
		this.settings = settings;
	}

	/**
	 * The result of an admin request, waiting at most the operation timeout.
	 * @param future the request's result
	 * @param <T> the type of the result
	 * @return the result
	 * @throws TimeoutException when the request or the wait timed out
	 * @throws ExecutionException when the cluster refused the request
	 * @throws InterruptedException when the thread was interrupted while waiting
	 */
	<T> T await(KafkaFuture<T> future) throws InterruptedException, TimeoutException, ExecutionException {
		try {
			return future.get(Math.max(1, this.settings.getOperationTimeout().toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException timeout) {
				throw (TimeoutException) new TimeoutException(timeout.getMessage()).initCause(timeout);
			}
			throw ex;
		}
	}

}
