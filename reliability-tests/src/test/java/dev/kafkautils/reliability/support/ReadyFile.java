package dev.kafkautils.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Writes the file named by the {@value #PROPERTY} system property once the application is
 * ready: the signal {@link ServiceProcess#start()} waits for. Service applications of this
 * module register it with {@code SpringApplication.addListeners}.
 */
public final class ReadyFile implements ApplicationListener<ApplicationReadyEvent> {

	/** System property with the path of the file to write. */
	public static final String PROPERTY = "reliability.ready-file";

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		String path = System.getProperty(PROPERTY);
		if (path == null) {
			return;
		}
		Path file = Paths.get(path);
		try {
			Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"),
					String.valueOf(ProcessHandle.current().pid()));
			Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
