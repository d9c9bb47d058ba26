package dev.kafkautils.autoconfigure;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs read, as compiled into this module: every
 * {@code kafka.utils.*} property has a description, every property whose field has a
 * default in code documents that default (and the same one), and every hint names a
 * property that exists.
 */
class ConfigurationMetadataTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private final JsonNode metadata = read();

	@Test
	void everyPropertyHasADescription() {
		assertThat(kafkaUtilsProperties()).filteredOn((property) -> text(property, "description").isBlank())
			.extracting((property) -> text(property, "name"))
			.isEmpty();
	}

	@Test
	void correlationHeaderNamesDocumentsItsDefault() {
		JsonNode headerNames = property("kafka.utils.correlation.header-names");
		assertThat(headerNames.path("defaultValue").isArray()).as("defaultValue of %s", headerNames).isTrue();
		assertThat(headerNames.path("defaultValue").values()).extracting(JsonNode::asString)
			.containsExactly("correlation_id", "x-correlation-id", "request_id");
	}

	@Test
	void everyDefaultInCodeIsDocumentedAsItIs() throws Exception {
		Map<String, String> problems = new LinkedHashMap<>();
		int compared = 0;
		for (JsonNode property : kafkaUtilsProperties()) {
			String name = text(property, "name");
			DefaultInCode inCode = defaultInCode(name);
			if (inCode == null || isEmptyAggregate(inCode.value())) {
				continue;
			}
			compared++;
			JsonNode documented = property.get("defaultValue");
			if (documented == null || documented.isNull()) {
				problems.put(name, "no defaultValue, the code has " + inCode.value());
				continue;
			}
			Object source = documented.isArray() ? documented.values().stream().map(JsonNode::asString).toList()
					: documented.asString();
			Object converted = ApplicationConversionService.getSharedInstance()
				.convert(source, TypeDescriptor.forObject(source), inCode.type());
			if (!Objects.equals(converted, inCode.value())) {
				problems.put(name, "defaultValue " + documented + ", the code has " + inCode.value());
			}
		}
		assertThat(problems).isEmpty();
		assertThat(compared).as("properties with a default in code").isGreaterThan(30);
	}

	@Test
	void everyHintNamesAnExistingProperty() {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		this.metadata.path("properties").forEach((property) -> properties.put(text(property, "name"), property));
		for (JsonNode hint : this.metadata.path("hints")) {
			String name = text(hint, "name");
			if (name.endsWith(".keys") || name.endsWith(".values")) {
				String map = name.substring(0, name.lastIndexOf('.'));
				assertThat(properties).as("the map property of hint %s", name).containsKey(map);
				assertThat(text(properties.get(map), "type")).as("type of %s", map).startsWith("java.util.Map<");
			}
			else {
				assertThat(properties).as("the property of hint %s", name).containsKey(name);
			}
		}
	}

	/** The value the property has when nothing is configured, read from a freshly bound properties class. */
	private @Nullable DefaultInCode defaultInCode(String name) throws ClassNotFoundException {
		JsonNode group = rootGroupOf(name);
		Class<?> type = ClassUtils.forName(text(group, "type"), getClass().getClassLoader());
		String prefix = text(group, "name");
		Object bound = new Binder(new MapConfigurationPropertySource()).bindOrCreate(prefix, Bindable.of(type));
		BeanWrapperImpl wrapper = new BeanWrapperImpl(bound);
		String path = camelCase(name.substring(prefix.length() + 1));
		if (!wrapper.isReadableProperty(path)) {
			return null;
		}
		Object value = wrapper.getPropertyValue(path);
		return (value != null) ? new DefaultInCode(value, wrapper.getPropertyTypeDescriptor(path)) : null;
	}

	private record DefaultInCode(Object value, TypeDescriptor type) {
	}

	/** The longest group that a {@code @ConfigurationProperties} class binds (no source method) holding the property. */
	private JsonNode rootGroupOf(String name) {
		JsonNode best = null;
		for (JsonNode group : this.metadata.path("groups")) {
			String prefix = text(group, "name");
			if (group.has("sourceMethod") || !name.startsWith(prefix + ".")) {
				continue;
			}
			if (best == null || prefix.length() > text(best, "name").length()) {
				best = group;
			}
		}
		assertThat(best).as("group of %s", name).isNotNull();
		return best;
	}

	private static String camelCase(String dashed) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : dashed.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

	private static boolean isEmptyAggregate(Object value) {
		return (value instanceof Collection<?> collection && collection.isEmpty())
				|| (value instanceof Map<?, ?> map && map.isEmpty());
	}

	private List<JsonNode> kafkaUtilsProperties() {
		List<JsonNode> properties = new ArrayList<>();
		this.metadata.path("properties").forEach((property) -> {
			if (text(property, "name").startsWith(KafkaUtilsProperties.PREFIX + ".")) {
				properties.add(property);
			}
		});
		assertThat(properties).as("kafka.utils properties in " + METADATA).hasSizeGreaterThan(10);
		return properties;
	}

	private JsonNode property(String name) {
		return kafkaUtilsProperties().stream()
			.filter((property) -> name.equals(text(property, "name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " is not in " + METADATA));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && !value.isNull()) ? value.asString() : "";
	}

	/** This module's compiled metadata, not that of a Spring Boot jar on the test classpath. */
	private static JsonNode read() {
		try {
			URI classes = KafkaUtilsProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI();
			try (InputStream in = classes.resolve(METADATA).toURL().openStream()) {
				return JsonMapper.builder().build().readTree(in);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read " + METADATA + " of the auto-configuration", ex);
		}
	}

}
