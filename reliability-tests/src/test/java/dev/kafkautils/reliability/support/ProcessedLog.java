package dev.kafkautils.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only file of the record ids a service processed, one per line, written with
 * one {@code write} call per record so that every line a service finished survives a
 * SIGKILL of its JVM (the operating system keeps what was written). Tests read it back to
 * count losses and duplicates by id.
 */
public final class ProcessedLog implements AutoCloseable {

	private final FileChannel channel;

	private ProcessedLog(FileChannel channel) {
		this.channel = channel;
	}

	/**
	 * Opens a log for appending.
	 * @param file the file, created when missing
	 * @return the log
	 */
	public static ProcessedLog append(Path file) {
		try {
			return new ProcessedLog(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Records one processed id.
	 * @param id the record id (no line breaks)
	 */
	public synchronized void record(String id) {
		try {
			this.channel.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	/**
	 * Reads the ids in a log, in the order they were written. A last line cut short by a
	 * kill is dropped.
	 * @param file the file
	 * @return the ids
	 */
	public static List<String> read(Path file) {
		try {
			if (!Files.exists(file)) {
				return List.of();
			}
			String text = Files.readString(file, StandardCharsets.UTF_8);
			int end = text.lastIndexOf('\n');
			return (end < 0) ? List.of() : List.of(text.substring(0, end).split("\n"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Counts how often each id occurs in the given logs.
	 * @param files the files
	 * @return occurrences per id
	 */
	public static Map<String, Integer> occurrences(Path... files) {
		Map<String, Integer> counts = new HashMap<>();
		for (Path file : files) {
			for (String id : read(file)) {
				counts.merge(id, 1, Integer::sum);
			}
		}
		return counts;
	}

}
