package dev.kafkautils.benchmarks.support;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

/**
 * What one measured interval cost: wall time, CPU time of this process (the client, all
 * of its threads: caller, Kafka I/O threads, GC and JIT), CPU time of the broker process,
 * GC time, and bytes allocated by this process's Java threads (caller, Kafka I/O threads,
 * listener containers; a thread that ends inside the interval is not counted). On a shared 2-core machine wall time swings with whatever else runs; the
 * client's CPU time per record does not, so it is the figure to compare.
 */
public final class Meter {

	private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private static final List<GarbageCollectorMXBean> GCS = ManagementFactory.getGarbageCollectorMXBeans();

	private final long brokerPid;

	/**
	 * @param brokerPid the broker's process id, or -1 to not measure it
	 */
	public Meter(long brokerPid) {
		this.brokerPid = brokerPid;
	}

	/**
	 * Read the counters now.
	 * @return the reading
	 */
	public Reading read() {
		long wall = System.nanoTime();
		long cpu = OS.getProcessCpuTime();
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		Map<Long, Long> allocated = new HashMap<>(ids.length * 2);
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				allocated.put(ids[i], bytes[i]);
			}
		}
		return new Reading(wall, cpu, brokerCpu(), gcMillis(), allocated);
	}

	private long brokerCpu() {
		if (this.brokerPid < 0) {
			return 0;
		}
		return ProcessHandle.of(this.brokerPid)
			.flatMap((process) -> process.info().totalCpuDuration())
			.map(Duration::toNanos)
			.orElse(0L);
	}

	private static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean gc : GCS) {
			total += Math.max(0, gc.getCollectionTime());
		}
		return total;
	}

	/**
	 * Counter values at one instant.
	 *
	 * @param wallNanos {@link System#nanoTime()}
	 * @param cpuNanos this process's CPU time
	 * @param brokerCpuNanos the broker's CPU time
	 * @param gcMillis accumulated GC time
	 * @param allocatedByThread bytes allocated so far by each live Java thread, by thread id
	 */
	public record Reading(long wallNanos, long cpuNanos, long brokerCpuNanos, long gcMillis,
			Map<Long, Long> allocatedByThread) {

		/**
		 * The cost of the records between two readings.
		 * @param end the later reading
		 * @param records records handled in between
		 * @return the sample
		 */
		public Sample until(Reading end, long records) {
			double seconds = (end.wallNanos - this.wallNanos) / 1e9;
			long allocated = 0;
			for (Map.Entry<Long, Long> thread : end.allocatedByThread.entrySet()) {
				allocated += thread.getValue() - this.allocatedByThread.getOrDefault(thread.getKey(), 0L);
			}
			return new Sample(records / seconds, (end.cpuNanos - this.cpuNanos) / 1e3 / records,
					(end.brokerCpuNanos - this.brokerCpuNanos) / 1e3 / records,
					(double) allocated / records, end.gcMillis - this.gcMillis,
					seconds);
		}

	}

	/**
	 * One round of one variant.
	 *
	 * @param recordsPerSecond throughput
	 * @param clientCpuMicrosPerRecord client process CPU per record
	 * @param brokerCpuMicrosPerRecord broker process CPU per record
	 * @param allocatedBytesPerRecord bytes this process's threads allocated per record
	 * @param gcMillis GC time in the round
	 * @param seconds the round's wall time
	 */
	public record Sample(double recordsPerSecond, double clientCpuMicrosPerRecord, double brokerCpuMicrosPerRecord,
			double allocatedBytesPerRecord, long gcMillis, double seconds) {
	}

}
