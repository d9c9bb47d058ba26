package dev.kafkautils.autoconfigure.registry;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A bounded map from int keys (schema ids) to values, read without locks and without
 * allocating (no boxed keys): reads binary-search an immutable snapshot, writes (once per
 * schema) copy it. When full, the entry put first is dropped.
 *
 * @param <V> the value type
 */
final class BoundedIntCache<V> {

	private final int maxEntries;

	private volatile Snapshot snapshot = new Snapshot(new int[0], new Object[0], new long[0]);

	private long sequence;

	BoundedIntCache(int maxEntries) {
		this.maxEntries = Math.max(1, maxEntries);
	}

	@SuppressWarnings("unchecked")
	@Nullable V get(int key) {
		Snapshot current = this.snapshot;
		int index = Arrays.binarySearch(current.keys, key);
		return (index >= 0) ? (V) current.values[index] : null;
	}

	synchronized void put(int key, V value) {
		Snapshot current = this.snapshot;
		int index = Arrays.binarySearch(current.keys, key);
		if (index >= 0) {
			Object[] values = current.values.clone();
			values[index] = value;
			this.snapshot = new Snapshot(current.keys, values, current.order);
			return;
		}
		int[] keys = current.keys;
		Object[] values = current.values;
		long[] order = current.order;
		if (keys.length >= this.maxEntries) {
			int oldest = 0;
			for (int i = 1; i < order.length; i++) {
				if (order[i] < order[oldest]) {
					oldest = i;
				}
			}
			keys = remove(keys, oldest);
			values = remove(values, oldest);
			order = remove(order, oldest);
		}
		int insertAt = -(Arrays.binarySearch(keys, key) + 1);
		int[] newKeys = new int[keys.length + 1];
		Object[] newValues = new Object[keys.length + 1];
		long[] newOrder = new long[keys.length + 1];
		System.arraycopy(keys, 0, newKeys, 0, insertAt);
		System.arraycopy(values, 0, newValues, 0, insertAt);
		System.arraycopy(order, 0, newOrder, 0, insertAt);
		newKeys[insertAt] = key;
		newValues[insertAt] = value;
		newOrder[insertAt] = this.sequence++;
		System.arraycopy(keys, insertAt, newKeys, insertAt + 1, keys.length - insertAt);
		System.arraycopy(values, insertAt, newValues, insertAt + 1, keys.length - insertAt);
		System.arraycopy(order, insertAt, newOrder, insertAt + 1, keys.length - insertAt);
		this.snapshot = new Snapshot(newKeys, newValues, newOrder);
	}

	synchronized void remove(int key) {
		Snapshot current = this.snapshot;
		int index = Arrays.binarySearch(current.keys, key);
		if (index >= 0) {
			this.snapshot = new Snapshot(remove(current.keys, index), remove(current.values, index),
					remove(current.order, index));
		}
	}

	int size() {
		return this.snapshot.keys.length;
	}

	private static int[] remove(int[] array, int index) {
		int[] result = new int[array.length - 1];
		System.arraycopy(array, 0, result, 0, index);
		System.arraycopy(array, index + 1, result, index, array.length - index - 1);
		return result;
	}

	private static long[] remove(long[] array, int index) {
		long[] result = new long[array.length - 1];
		System.arraycopy(array, 0, result, 0, index);
		System.arraycopy(array, index + 1, result, index, array.length - index - 1);
		return result;
	}

	private static Object[] remove(Object[] array, int index) {
		Object[] result = new Object[array.length - 1];
		System.arraycopy(array, 0, result, 0, index);
		System.arraycopy(array, index + 1, result, index, array.length - index - 1);
		return result;
	}

	/** Keys sorted; values and insertion order at the same indexes. */
	private record Snapshot(int[] keys, Object[] values, long[] order) {
	}

}
