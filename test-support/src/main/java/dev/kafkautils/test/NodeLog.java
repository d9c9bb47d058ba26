package dev.kafkautils.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The file a node's output goes to, across its restarts: each start appends, and what a
 * start logged is read from the {@link #mark() mark} taken before it.
 */
final class NodeLog {

	private final Path file;

	NodeLog(Path file) {
		this.file = file;
	}

	Path file() {
		return this.file;
	}

	/** The current end of the log: where the next start's output begins. */
	long mark() {
		try {
			return Files.exists(this.file) ? Files.size(this.file) : 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	boolean containsSince(long mark, String text) {
		return since(mark).contains(text);
	}

	/** The last lines of the log, for an error message. */
	String tail(int lines) {
		List<String> all = since(0).lines().toList();
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	private String since(long mark) {
		if (!Files.exists(this.file)) {
			return "";
		}
		try {
			byte[] bytes = Files.readAllBytes(this.file);
			int from = (int) Math.min(mark, bytes.length);
			return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
