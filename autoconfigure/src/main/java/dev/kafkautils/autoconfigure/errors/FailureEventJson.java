package dev.kafkautils.autoconfigure.errors;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link FailureEvent} as JSON without a JSON library. The event is a fixed,
 * flat record that dashboards parse, so kafka-utils writes its twelve fields itself: the
 * document is the same with or without Jackson on the classpath, and an application's
 * {@code JsonMapper} settings (a naming strategy, null handling, date formats) cannot
 * rename or drop fields that consumers of the error-event topic rely on. The output is
 * what Jackson writes for the record with its defaults: fields in declaration order,
 * {@code null} for a missing value, the timestamp as ISO-8601 text.
 */
final class FailureEventJson {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	static byte[] write(FailureEvent event) {
		StringBuilder json = new StringBuilder(384);
		json.append('{');
		text(name(json, "service"), event.service());
		text(name(json.append(','), "topic"), event.topic());
		name(json.append(','), "partition").append(event.partition());
		name(json.append(','), "offset").append(event.offset());
		text(name(json.append(','), "key"), event.key());
		text(name(json.append(','), "group"), event.group());
		text(name(json.append(','), "exceptionClass"), event.exceptionClass());
		text(name(json.append(','), "message"), event.message());
		text(name(json.append(','), "reason"), event.reason());
		name(json.append(','), "attempts").append(event.attempts());
		text(name(json.append(','), "deadLetterTopic"), event.deadLetterTopic());
		text(name(json.append(','), "timestamp"), event.timestamp().toString());
		json.append('}');
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static StringBuilder name(StringBuilder json, String name) {
		return json.append('"').append(name).append("\":");
	}

	/** A JSON string, escaped as RFC 8259 requires, or {@code null}. */
	private static void text(StringBuilder json, @Nullable String value) {
		if (value == null) {
			json.append("null");
			return;
		}
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				default -> {
					if (c < 0x20) {
						json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	private FailureEventJson() {
	}

}
