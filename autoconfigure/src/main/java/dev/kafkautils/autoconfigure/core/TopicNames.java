package dev.kafkautils.autoconfigure.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The one place where logical topic names become physical ones: a declared topic's
 * {@code name} (default: its logical name) with {@code kafka.utils.topic-prefix} in
 * front. The template, listeners, dead-letter naming and provisioning all ask here.
 * <p>
 * Resolution is idempotent: a name that already carries the prefix is returned as is,
 * so code that passes a physical name keeps working. Results are cached, so the send
 * path does no string work after the first record of a topic: always for the declared
 * topics (their logical and physical names), and for up to
 * {@value #MAX_UNDECLARED} other names. Past that, an undeclared name is resolved on
 * every call, so a service that sends to names it makes up at run time does not grow
 * the cache without end.
 */
public final class TopicNames {

	/** How many undeclared names are cached at most (a few more when threads race). */
	static final int MAX_UNDECLARED = 1024;

	private final String prefix;

	private final Map<String, String> declared;

	private final Map<String, String> logicalByPhysical;

	private final Map<String, String> resolved = new ConcurrentHashMap<>();

	/** The declared names plus {@link #MAX_UNDECLARED}. */
	private final int maxCached;

	private TopicNames(String prefix, Map<String, String> declared) {
		this.prefix = prefix;
		this.declared = declared;
		Map<String, String> reverse = new LinkedHashMap<>();
		declared.forEach((logical, physical) -> reverse.put(physical, logical));
		this.logicalByPhysical = Collections.unmodifiableMap(reverse);
		declared.forEach((logical, physical) -> {
			this.resolved.put(logical, resolve(logical));
			this.resolved.put(physical, resolve(physical));
		});
		this.maxCached = this.resolved.size() + MAX_UNDECLARED;
	}

	/**
	 * Topic names from the bound properties.
	 * @param prefix the topic prefix, empty for none
	 * @param topics the declared topics by logical name
	 * @return the resolver
	 */
	public static TopicNames of(String prefix, Map<String, TopicProperties> topics) {
		String safePrefix = (prefix != null) ? prefix : "";
		Map<String, String> declared = new LinkedHashMap<>();
		topics.forEach((logical, topic) -> {
			String name = StringUtils.hasText(topic.getName()) ? topic.getName() : logical;
			declared.put(logical, safePrefix + name);
		});
		return new TopicNames(safePrefix, Collections.unmodifiableMap(declared));
	}

	/**
	 * The physical name of a topic.
	 * @param name a logical name, or a name that already is physical
	 * @return the physical name
	 */
	public String physical(String name) {
		String cached = this.resolved.get(name);
		if (cached != null) {
			return cached;
		}
		String physical = resolve(name);
		if (this.resolved.size() >= this.maxCached) {
			return physical;
		}
		String raced = this.resolved.putIfAbsent(name, physical);
		return (raced != null) ? raced : physical;
	}

	private String resolve(String name) {
		String declaredName = this.declared.get(name);
		if (declaredName != null) {
			return declaredName;
		}
		if (this.prefix.isEmpty() || name.startsWith(this.prefix) || this.logicalByPhysical.containsKey(name)) {
			return name;
		}
		return this.prefix + name;
	}

	/**
	 * The logical name of a declared topic.
	 * @param physical the physical name
	 * @return the logical name, or {@code null} when the topic is not declared
	 */
	public @Nullable String logical(String physical) {
		return this.logicalByPhysical.get(physical);
	}

	/**
	 * @return the physical names of the declared topics by logical name
	 */
	public Map<String, String> declared() {
		return this.declared;
	}

	public String prefix() {
		return this.prefix;
	}

}
