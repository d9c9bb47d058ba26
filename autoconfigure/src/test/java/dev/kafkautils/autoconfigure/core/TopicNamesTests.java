package dev.kafkautils.autoconfigure.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicNamesTests {

	@Test
	void declaredTopicsUseTheirNameWithThePrefix() {
		TopicNames names = TopicNames.of("staging.", topics("orders", "orders-v2", "audit", null));
		assertThat(names.physical("orders")).isEqualTo("staging.orders-v2");
		assertThat(names.physical("audit")).isEqualTo("staging.audit");
		assertThat(names.logical("staging.orders-v2")).isEqualTo("orders");
		assertThat(names.declared()).containsEntry("orders", "staging.orders-v2").containsEntry("audit", "staging.audit");
	}

	@Test
	void undeclaredTopicsGetThePrefix() {
		TopicNames names = TopicNames.of("staging.", Map.of());
		assertThat(names.physical("payments")).isEqualTo("staging.payments");
		assertThat(names.logical("staging.payments")).isNull();
	}

	@Test
	void resolutionIsIdempotent() {
		TopicNames names = TopicNames.of("staging.", topics("orders", "orders-v2"));
		String physical = names.physical("orders");
		assertThat(names.physical(physical)).isEqualTo(physical);
		assertThat(names.physical(names.physical("payments"))).isEqualTo("staging.payments");
	}

	@Test
	void noPrefixLeavesNamesAlone() {
		TopicNames names = TopicNames.of("", topics("orders", "orders-v2"));
		assertThat(names.physical("orders")).isEqualTo("orders-v2");
		assertThat(names.physical("payments")).isEqualTo("payments");
	}

	private static Map<String, TopicProperties> topics(String... logicalAndName) {
		Map<String, TopicProperties> topics = new LinkedHashMap<>();
		for (int i = 0; i < logicalAndName.length; i += 2) {
			TopicProperties topic = new TopicProperties();
			topic.setName(logicalAndName[i + 1]);
			topics.put(logicalAndName[i], topic);
		}
		return topics;
	}

}
