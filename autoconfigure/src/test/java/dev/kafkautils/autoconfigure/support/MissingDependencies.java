package dev.kafkautils.autoconfigure.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;

import dev.kafkautils.autoconfigure.core.KafkaUtilsAutoConfiguration;

import org.springframework.boot.test.context.FilteredClassLoader;

/**
 * A {@link FilteredClassLoader} that takes dependencies out of the classpath as an
 * application without them would have it: their classes are missing for kafka-utils'
 * own classes too, and every resource of the jars that hold them (their
 * {@code AutoConfiguration.imports} included) is gone.
 * <p>
 * A plain {@code FilteredClassLoader} hides classes from look-ups by name
 * ({@code @ConditionalOnClass}, {@code ClassUtils.isPresent}), but classes that the
 * application class loader defined still link against the hidden ones, so a kafka-utils
 * class that refers to a missing dependency where it should not would pass. This loader
 * defines kafka-utils' main classes itself, so they resolve what they refer to through
 * it, and such a reference fails with {@code NoClassDefFoundError}. Everything else
 * (Spring, Kafka, the tests' own classes) comes from the application class loader: a test
 * shares those types with the context it starts, but not kafka-utils' types, so it talks
 * to the context through Spring's and Kafka's.
 */
public final class MissingDependencies extends FilteredClassLoader {

	private static final String OWN_PACKAGE = "dev.kafkautils.autoconfigure.";

	private static final Path MAIN_CLASSES = mainClasses();

	private final List<String> hiddenPaths;

	/** Whether a classpath root (a jar or a directory) holds a hidden package. */
	private final Map<String, Boolean> hidingRoots = new ConcurrentHashMap<>();

	/**
	 * @param hiddenPackages the packages of the dependencies to leave out, such as
	 * {@code tools.jackson}
	 */
	public MissingDependencies(String... hiddenPackages) {
		super(hiddenPackages);
		this.hiddenPaths = Arrays.stream(hiddenPackages).map((name) -> name.replace('.', '/') + "/").toList();
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		Path file = name.startsWith(OWN_PACKAGE) ? MAIN_CLASSES.resolve(name.replace('.', '/') + ".class") : null;
		if (file == null || !Files.isRegularFile(file)) {
			return super.loadClass(name, resolve);
		}
		synchronized (getClassLoadingLock(name)) {
			Class<?> loaded = findLoadedClass(name);
			if (loaded == null) {
				byte[] bytes = read(file);
				loaded = defineClass(name, bytes, 0, bytes.length);
			}
			if (resolve) {
				resolveClass(loaded);
			}
			return loaded;
		}
	}

	@Override
	public URL getResource(String name) {
		URL url = super.getResource(name);
		return (url != null && isHidden(url, name)) ? null : url;
	}

	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		List<URL> urls = Collections.list(super.getResources(name));
		return Collections.enumeration(urls.stream().filter((url) -> !isHidden(url, name)).toList());
	}

	@Override
	public InputStream getResourceAsStream(String name) {
		URL url = getResource(name);
		try {
			return (url != null) ? url.openStream() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private boolean isHidden(URL url, String name) {
		String location = url.toString();
		String root = location.endsWith(name) ? location.substring(0, location.length() - name.length()) : location;
		return this.hidingRoots.computeIfAbsent(root, this::holdsHiddenPackage);
	}

	private boolean holdsHiddenPackage(String root) {
		try {
			if (root.startsWith("jar:file:") && root.endsWith("!/")) {
				Path jar = Path.of(new URL(root.substring("jar:".length(), root.length() - 2)).toURI());
				try (JarFile file = new JarFile(jar.toFile())) {
					return file.stream().anyMatch((entry) -> this.hiddenPaths.stream().anyMatch(entry.getName()::startsWith));
				}
			}
			if (root.startsWith("file:")) {
				Path directory = Path.of(new URL(root).toURI());
				return this.hiddenPaths.stream().anyMatch((path) -> Files.isDirectory(directory.resolve(path)));
			}
			return false;
		}
		catch (IOException | URISyntaxException ex) {
			throw new IllegalStateException("Cannot read classpath entry " + root, ex);
		}
	}

	private static byte[] read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where the module's main classes are: target/classes in the module's own build. */
	private static Path mainClasses() {
		try {
			return Path.of(KafkaUtilsAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
