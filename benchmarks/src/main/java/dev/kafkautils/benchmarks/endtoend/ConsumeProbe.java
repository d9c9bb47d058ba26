package dev.kafkautils.benchmarks.endtoend;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kafkautils.benchmarks.support.Meter;

/**
 * Counts what a listener receives in one consumer round and reads the meter at the
 * first record and when the expected count is reached, so group join and partition
 * assignment (the same for every variant, and not what is compared) stay outside the
 * measurement. Called from one listener thread.
 */
final class ConsumeProbe {

	private static volatile ConsumeProbe current;

	private final Meter meter;

	private final long expected;

	private final CountDownLatch done = new CountDownLatch(1);

	private long count;

	/** What the listener read, kept in a field so the JIT cannot drop the reading. */
	private long sink;

	private Meter.Reading first;

	private volatile Meter.Reading last;

	private ConsumeProbe(Meter meter, long expected) {
		this.meter = meter;
		this.expected = expected;
	}

	static ConsumeProbe arm(Meter meter, long expected) {
		current = new ConsumeProbe(meter, expected);
		return current;
	}

	static ConsumeProbe get() {
		return current;
	}

	void onRecord(int value) {
		onRecords(1, value);
	}

	void onRecords(int records, int value) {
		if (this.first == null) {
			this.first = this.meter.read();
		}
		this.sink += value;
		this.count += records;
		if (this.count >= this.expected && this.last == null) {
			this.last = this.meter.read();
			this.done.countDown();
		}
	}

	/**
	 * Wait for the expected count.
	 * @param timeoutSeconds how long to wait
	 * @return the round's sample
	 */
	Meter.Sample await(long timeoutSeconds) throws InterruptedException {
		if (!this.done.await(timeoutSeconds, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Listener received " + this.count + " of " + this.expected + " records");
		}
		return this.first.until(this.last, this.expected);
	}

}
