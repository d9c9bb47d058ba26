package dev.kafkautils.autoconfigure.errors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.adapter.AbstractDelegatingMessageListenerAdapter;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Stands between a batch listener container and its listener so that one bad record
 * costs only itself:
 * <ul>
 * <li><b>Records that cannot be read</b> (the converter's {@link DeserializationException},
 * or a key or value the consumer's {@code ErrorHandlingDeserializer} could not read) are
 * taken out of the batch and dead-lettered at once (one attempt, reason
 * {@code undeserialisable}); the listener gets the rest in one delivery. A record
 * dead-lettered so is not dead-lettered again if the batch comes back.</li>
 * <li><b>A {@link BatchListenerFailedException}</b> is passed on naming its record, so
 * that the error handler commits the records before it, retries that record per
 * {@code kafka.utils.retry.*} and delivers the records after it again.</li>
 * <li><b>Any other exception</b> (strategy {@code split}): the part of the batch that
 * failed is split in halves, which are delivered again in order, until the failing
 * record is alone; it is then passed on as above. The halves that succeed are not
 * delivered again. When a batch comes back starting with the record that was found
 * last time, that record is delivered alone first, so the search is not repeated on
 * every retry.</li>
 * </ul>
 * Parts are delivered left to right and a part is only delivered once everything before
 * it succeeded, so within a partition a record is never processed before the records
 * in front of it are processed or dead-lettered.
 */
final class IsolatingBatchListener<K, V> extends AbstractDelegatingMessageListenerAdapter<BatchMessageListener<K, V>>
		implements BatchAcknowledgingConsumerAwareMessageListener<K, V> {

	private static final LogAccessor logger = new LogAccessor(IsolatingBatchListener.class);

	/** Deep enough for any batch: every level halves the part. */
	private static final int MAX_DEPTH = 64;

	private final boolean split;

	private final PoisonPills poisonPills;

	private final BatchDeliveryListener[] listeners;

	private final ThreadLocal<State> states = ThreadLocal.withInitial(State::new);

	IsolatingBatchListener(BatchMessageListener<K, V> delegate, boolean split, PoisonPills poisonPills,
			List<BatchDeliveryListener> listeners) {
		super(delegate);
		this.split = split;
		this.poisonPills = poisonPills;
		this.listeners = listeners.toArray(BatchDeliveryListener[]::new);
	}

	/** @return whether failures that name no record are traced by splitting the batch */
	boolean splits() {
		return this.split;
	}

	@Override
	public void onMessage(List<ConsumerRecord<K, V>> data) {
		deliver(data, null, null);
	}

	@Override
	public void onMessage(List<ConsumerRecord<K, V>> data, @Nullable Acknowledgment acknowledgment) {
		deliver(data, acknowledgment, null);
	}

	@Override
	public void onMessage(List<ConsumerRecord<K, V>> data, Consumer<?, ?> consumer) {
		deliver(data, null, consumer);
	}

	@Override
	public void onMessage(List<ConsumerRecord<K, V>> data, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		deliver(data, acknowledgment, consumer);
	}

	private void deliver(List<ConsumerRecord<K, V>> data, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		State state = this.states.get();
		state.blocked = null;
		state.blockedFailure = null;
		List<ConsumerRecord<K, V>> batch = withoutUnreadable(data, state, consumer);
		if (batch.isEmpty()) {
			throwIfBlocked(state);
			return;
		}
		// the parts still to deliver: [position, ends[depth - 1]), then up to each end below it
		int[] ends = state.ends;
		int depth = 0;
		ends[depth++] = batch.size();
		if (this.split && batch.size() > 1 && state.isIsolated(batch.get(0))) {
			ends[depth++] = 1;
		}
		int position = 0;
		while (depth > 0) {
			int end = ends[depth - 1];
			if (position >= end) {
				depth--;
				continue;
			}
			List<ConsumerRecord<K, V>> part = (position == 0 && end == batch.size()) ? batch
					: batch.subList(position, end);
			RuntimeException failure = invoke(part, acknowledgment, consumer);
			if (failure == null) {
				if (end - position == 1) {
					state.forgetIsolated(part.get(0));
				}
				position = end;
				depth--;
				continue;
			}
			int unreadable = unreadableIndex(failure, part);
			if (unreadable >= 0) {
				ConsumerRecord<K, V> record = part.get(unreadable);
				DeserializationException cause = (DeserializationException) failure;
				if (this.poisonPills.deadLetter(record, consumer, cause)) {
					state.deadLettered(record);
					batch = owned(batch, data);
					batch.remove(position + unreadable);
					for (int i = 0; i < depth; i++) {
						ends[i]--;
					}
				}
				else if (unreadable == 0) {
					// the dead-letter topic cannot be written: the error handler keeps trying
					throw new BatchListenerFailedException(cause.getMessage(), cause, record);
				}
				else {
					ends[depth++] = position + unreadable;
				}
				continue;
			}
			BatchListenerFailedException named = named(failure);
			if (named != null) {
				ConsumerRecord<?, ?> record = named.getRecord();
				int index = named.getIndex();
				if (record == null && index >= 0 && index < part.size()) {
					record = part.get(index);
				}
				if (record == null) {
					throw failure;
				}
				throw new BatchListenerFailedException(named.getMessage(), cause(named), record);
			}
			if (!this.split) {
				throw failure;
			}
			if (end - position == 1) {
				ConsumerRecord<K, V> record = part.get(0);
				state.isolate(record);
				throw new BatchListenerFailedException("Record " + describe(record) + " failed in a batch listener",
						cause(failure), record);
			}
			if (depth == MAX_DEPTH) {
				throw failure;
			}
			ends[depth++] = position + (end - position) / 2;
			logger.debug(() -> "Batch listener failed on " + part.size() + " records from " + describe(part.get(0))
					+ "; delivering halves to find the failing record: " + failure);
		}
		throwIfBlocked(state);
	}

	/** A record before which the delivery stopped because it could not be dead-lettered. */
	private static void throwIfBlocked(State state) {
		ConsumerRecord<?, ?> blocked = state.blocked;
		DeserializationException failure = state.blockedFailure;
		if (blocked != null && failure != null) {
			state.blocked = null;
			state.blockedFailure = null;
			// the dead-letter topic cannot be written: the error handler keeps trying
			throw new BatchListenerFailedException(failure.getMessage(), failure, blocked);
		}
	}

	private @Nullable RuntimeException invoke(List<ConsumerRecord<K, V>> part, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		for (BatchDeliveryListener listener : this.listeners) {
			listener.delivering(part);
		}
		long start = (this.listeners.length > 0) ? System.nanoTime() : 0;
		RuntimeException failure = null;
		try {
			switch (this.delegateType) {
				case ACKNOWLEDGING_CONSUMER_AWARE -> this.delegate.onMessage(part, acknowledgment, consumer);
				case ACKNOWLEDGING -> this.delegate.onMessage(part, acknowledgment);
				case CONSUMER_AWARE -> this.delegate.onMessage(part, consumer);
				case SIMPLE -> this.delegate.onMessage(part);
			}
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		if (this.listeners.length > 0 && !(failure instanceof DeserializationException)) {
			long elapsed = System.nanoTime() - start;
			for (BatchDeliveryListener listener : this.listeners) {
				listener.delivered(part, elapsed, failure);
			}
		}
		return failure;
	}

	/**
	 * Takes out records the consumer's deserializer could not read, and those already
	 * dead-lettered as unreadable (the batch came back after a later record failed).
	 */
	private List<ConsumerRecord<K, V>> withoutUnreadable(List<ConsumerRecord<K, V>> data, State state,
			@Nullable Consumer<?, ?> consumer) {
		List<ConsumerRecord<K, V>> batch = data;
		state.forgetCommitted(data);
		for (int i = 0; i < batch.size(); i++) {
			ConsumerRecord<K, V> record = batch.get(i);
			boolean remove = state.wasDeadLettered(record);
			if (!remove) {
				DeserializationException failure = deserializerFailure(record);
				if (failure != null) {
					if (!this.poisonPills.deadLetter(record, consumer, failure)) {
						// cannot be dead-lettered now: deliver what is before it, then the error handler takes it
						state.blocked = record;
						state.blockedFailure = failure;
						return owned(batch, data).subList(0, i);
					}
					state.deadLettered(record);
					remove = true;
				}
			}
			if (remove) {
				batch = owned(batch, data);
				batch.remove(i--);
			}
		}
		return batch;
	}

	private static @Nullable DeserializationException deserializerFailure(ConsumerRecord<?, ?> record) {
		Headers headers = record.headers();
		if (headers.lastHeader(SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER) == null
				&& headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) == null) {
			return null;
		}
		DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER, logger);
		return (failure != null) ? failure : SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logger);
	}

	/**
	 * The index of the record whose value the converter could not read, -1 when the failure
	 * is of another kind. Conversion happens before the listener method runs, so the
	 * exception arrives without spring-kafka's listener wrapper, carrying the value bytes.
	 */
	private static int unreadableIndex(RuntimeException failure, List<? extends ConsumerRecord<?, ?>> part) {
		if (!(failure instanceof DeserializationException deserialization)) {
			return -1;
		}
		byte[] data = deserialization.getData();
		for (int i = 0; i < part.size(); i++) {
			ConsumerRecord<?, ?> record = part.get(i);
			if ((deserialization.isKey() ? record.key() : record.value()) == data) {
				return i;
			}
		}
		return -1;
	}

	private static @Nullable BatchListenerFailedException named(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof BatchListenerFailedException named) {
				return named;
			}
			if (!(candidate instanceof ListenerExecutionFailedException)) {
				return null;
			}
		}
		return null;
	}

	/** The listener's own exception, below spring-kafka's wrappers. */
	private static Throwable cause(Throwable failure) {
		Throwable cause = FailureCause.of(failure);
		return (cause != null) ? cause : failure;
	}

	/** A list this class may change: never the container's own. */
	private static <T> List<T> owned(List<T> list, List<T> containers) {
		return (list != containers && list instanceof ArrayList<T>) ? list : new ArrayList<>(list);
	}

	private static String describe(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

	/**
	 * Dead-letters a record that cannot be read.
	 */
	@FunctionalInterface
	interface PoisonPills {

		/**
		 * @return whether the record was dead-lettered; {@code false} when the dead-letter
		 * topic could not be written
		 */
		boolean deadLetter(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer,
				DeserializationException failure);

	}

	/** What one consumer thread remembers between deliveries. */
	private static final class State {

		private @Nullable String isolatedTopic;

		private int isolatedPartition;

		private long isolatedOffset;

		/** The parts of the batch being delivered, by their ends. */
		final int[] ends = new int[MAX_DEPTH];

		/** An unreadable record that could not be dead-lettered, and why it is unreadable. */
		@Nullable ConsumerRecord<?, ?> blocked;

		@Nullable DeserializationException blockedFailure;

		/** Unreadable records dead-lettered whose offsets may not be committed yet. */
		private final List<Coordinates> deadLettered = new ArrayList<>();

		boolean isIsolated(ConsumerRecord<?, ?> record) {
			return record.offset() == this.isolatedOffset && record.partition() == this.isolatedPartition
					&& record.topic().equals(this.isolatedTopic);
		}

		void isolate(ConsumerRecord<?, ?> record) {
			this.isolatedTopic = record.topic();
			this.isolatedPartition = record.partition();
			this.isolatedOffset = record.offset();
		}

		void forgetIsolated(ConsumerRecord<?, ?> record) {
			if (isIsolated(record)) {
				this.isolatedTopic = null;
			}
		}

		void deadLettered(ConsumerRecord<?, ?> record) {
			this.deadLettered.add(new Coordinates(record.topic(), record.partition(), record.offset()));
		}

		boolean wasDeadLettered(ConsumerRecord<?, ?> record) {
			for (int i = 0; i < this.deadLettered.size(); i++) {
				if (this.deadLettered.get(i).is(record)) {
					return true;
				}
			}
			return false;
		}

		/**
		 * A batch starts at each partition's first uncommitted record, so what lies before
		 * it in a partition of the batch is committed and need not be remembered.
		 */
		void forgetCommitted(List<? extends ConsumerRecord<?, ?>> batch) {
			if (this.deadLettered.isEmpty()) {
				return;
			}
			for (Iterator<Coordinates> iterator = this.deadLettered.iterator(); iterator.hasNext();) {
				Coordinates coordinates = iterator.next();
				for (int i = 0; i < batch.size(); i++) {
					ConsumerRecord<?, ?> record = batch.get(i);
					if (record.partition() == coordinates.partition() && record.topic().equals(coordinates.topic())) {
						if (record.offset() > coordinates.offset()) {
							iterator.remove();
						}
						break;
					}
				}
			}
		}

	}

	private record Coordinates(String topic, int partition, long offset) {

		boolean is(ConsumerRecord<?, ?> record) {
			return record.offset() == this.offset && record.partition() == this.partition
					&& record.topic().equals(this.topic);
		}

	}

}
