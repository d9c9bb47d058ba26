package dev.kafkautils.autoconfigure.errors;

import java.util.ArrayList;
import java.util.List;

import dev.kafkautils.autoconfigure.support.SendAllocation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the batch handling finds a failing record and takes unreadable ones out, without
 * a container: what the listener gets, in which order, and what the error handler is
 * told.
 */
class IsolatingBatchListenerTests {

	private final List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();

	private final List<Long> processed = new ArrayList<>();

	private final List<Integer> deliveries = new ArrayList<>();

	private final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();

	IsolatingBatchListenerTests() {
		for (int i = 0; i < 100; i++) {
			this.batch.add(new ConsumerRecord<>("orders", 0, i, "key-" + i, new byte[] { (byte) i }));
		}
	}

	private IsolatingBatchListener<String, byte[]> listener(BatchMessageListener<String, byte[]> delegate,
			boolean split) {
		return new IsolatingBatchListener<>(delegate, split, (record, consumer, failure) -> {
			this.deadLettered.add(record);
			return true;
		}, List.of());
	}

	/** Fails the whole delivery, as a transaction would, when it holds a failing offset. */
	private BatchMessageListener<String, byte[]> failingOn(long... offsets) {
		return (records) -> {
			this.deliveries.add(records.size());
			for (ConsumerRecord<String, byte[]> record : records) {
				for (long offset : offsets) {
					if (record.offset() == offset) {
						throw new ListenerExecutionFailedException("failed",
								new IllegalStateException("cannot process " + offset));
					}
				}
			}
			records.forEach((record) -> this.processed.add(record.offset()));
		};
	}

	@Test
	void plainExceptionIsTracedToItsRecordByHalvingAndTheRecordsBeforeItAreProcessedOnce() {
		IsolatingBatchListener<String, byte[]> listener = listener(failingOn(41), true);
		assertThatExceptionOfType(BatchListenerFailedException.class).isThrownBy(() -> listener.onMessage(this.batch))
			.satisfies((ex) -> assertThat(ex.getRecord()).isSameAs(this.batch.get(41)))
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("cannot process 41");
		assertThat(this.processed).containsExactlyElementsOf(range(0, 41));
		// 100, 50, 25, then 25 more: 13, 12, 6, 3, 2, 1 (a halving per level)
		assertThat(this.deliveries).hasSizeLessThanOrEqualTo(2 * 8);
	}

	@Test
	void batchThatComesBackWithTheFoundRecordFirstDeliversItAloneFirst() {
		IsolatingBatchListener<String, byte[]> listener = listener(failingOn(41), true);
		assertThatExceptionOfType(BatchListenerFailedException.class).isThrownBy(() -> listener.onMessage(this.batch));
		this.deliveries.clear();
		List<ConsumerRecord<String, byte[]>> remaining = this.batch.subList(41, 100);
		assertThatExceptionOfType(BatchListenerFailedException.class).isThrownBy(() -> listener.onMessage(remaining));
		assertThat(this.deliveries).containsExactly(1);
	}

	@Test
	void recordTheListenerNamesIsPassedOnByItselfNotByItsIndexInThePart() {
		BatchMessageListener<String, byte[]> delegate = (records) -> {
			for (int i = 0; i < records.size(); i++) {
				if (records.get(i).offset() == 70) {
					throw new ListenerExecutionFailedException("failed",
							new BatchListenerFailedException("bad", new IllegalArgumentException("bad 70"), i));
				}
				this.processed.add(records.get(i).offset());
			}
		};
		IsolatingBatchListener<String, byte[]> listener = listener(delegate, true);
		assertThatExceptionOfType(BatchListenerFailedException.class).isThrownBy(() -> listener.onMessage(this.batch))
			.satisfies((ex) -> assertThat(ex.getRecord()).isSameAs(this.batch.get(70)))
			.havingCause()
			.withMessage("bad 70");
		assertThat(this.processed).containsExactlyElementsOf(range(0, 70));
	}

	@Test
	void unreadableRecordsAreDeadLetteredAndTheRestIsDeliveredInOnePiece() {
		BatchMessageListener<String, byte[]> delegate = (records) -> {
			for (ConsumerRecord<String, byte[]> record : records) {
				if (record.offset() == 10 || record.offset() == 60) {
					// what the converter throws before the listener method runs
					throw new DeserializationException("unreadable", record.value(), false, null);
				}
			}
			this.deliveries.add(records.size());
			records.forEach((record) -> this.processed.add(record.offset()));
		};
		listener(delegate, true).onMessage(this.batch);
		assertThat(this.deadLettered).containsExactly(this.batch.get(10), this.batch.get(60));
		assertThat(this.deliveries).containsExactly(98);
		List<Long> expected = range(0, 100);
		expected.removeAll(List.of(10L, 60L));
		assertThat(this.processed).containsExactlyElementsOf(expected);
	}

	@Test
	void wholeBatchStrategyLeavesPlainExceptionsToSpringKafka() {
		IsolatingBatchListener<String, byte[]> listener = listener(failingOn(41), false);
		assertThatExceptionOfType(ListenerExecutionFailedException.class)
			.isThrownBy(() -> listener.onMessage(this.batch));
		assertThat(this.deliveries).containsExactly(100);
	}

	@Test
	void aBatchThatSucceedsAllocatesNothingPerRecord() {
		IsolatingBatchListener<String, byte[]> listener = listener((records) -> {
		}, true);
		double bytes = SendAllocation.bytesPerCall(() -> listener.onMessage(this.batch));
		assertThat(bytes / this.batch.size()).as("bytes per record").isLessThan(0.1);
	}

	private static List<Long> range(long from, long to) {
		List<Long> offsets = new ArrayList<>();
		for (long offset = from; offset < to; offset++) {
			offsets.add(offset);
		}
		return offsets;
	}

}
