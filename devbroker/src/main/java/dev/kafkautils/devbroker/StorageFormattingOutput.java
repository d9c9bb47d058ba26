package dev.kafkautils.devbroker;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Keeps the lines Kafka's storage formatter prints to {@code System.out} (which directory
 * it formats, the bootstrap metadata records) off the console while the dev broker
 * starts. Only whole lines that begin with those messages are dropped: every other line
 * written to {@code System.out} in the meantime (log lines included) goes through byte for
 * byte, and {@code System.err} is left alone, so errors stay visible.
 */
final class StorageFormattingOutput extends OutputStream {

	private static final List<String> FORMATTER_LINES = List.of("Formatting ", "Bootstrap metadata");

	private final PrintStream target;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private StorageFormattingOutput(PrintStream target) {
		this.target = target;
	}

	static void dropDuring(Runnable action) {
		PrintStream original = System.out;
		StorageFormattingOutput filter = new StorageFormattingOutput(original);
		System.setOut(new PrintStream(filter, true));
		try {
			action.run();
		}
		finally {
			System.setOut(original);
			filter.flushPartialLine();
		}
	}

	@Override
	public synchronized void write(int b) {
		this.line.write(b);
		if (b == '\n') {
			// the prefixes are ASCII, the same bytes in any charset System.out may use
			String text = this.line.toString(StandardCharsets.ISO_8859_1);
			if (FORMATTER_LINES.stream().noneMatch(text::startsWith)) {
				this.target.write(this.line.toByteArray(), 0, this.line.size());
				this.target.flush();
			}
			this.line.reset();
		}
	}

	private synchronized void flushPartialLine() {
		if (this.line.size() > 0) {
			this.target.write(this.line.toByteArray(), 0, this.line.size());
			this.line.reset();
		}
		this.target.flush();
	}

}
