package dev.kafkautils.autoconfigure.core;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.kafkautils.autoconfigure.support.SendAllocation;
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

	@Test
	void undeclaredNamesAreCachedUpToABoundAndResolvedCorrectlyPastIt() {
		TopicNames names = TopicNames.of("staging.", topics("orders", "orders-v2"));
		String early = names.physical("early");
		// four times the 1024 undeclared names TopicNames keeps
		for (int i = 0; i < 4096; i++) {
			assertThat(names.physical("dynamic-" + i)).isEqualTo("staging.dynamic-" + i);
		}
		String late = names.physical("late");
		assertThat(late).isEqualTo("staging.late");
		assertThat(names.physical("late")).as("a name past the bound is not kept").isEqualTo(late).isNotSameAs(late);
		assertThat(names.physical("staging.late")).isEqualTo("staging.late");
		assertThat(names.physical("early")).as("a name kept before the bound").isSameAs(early);
		assertThat(names.physical("orders")).isEqualTo("staging.orders-v2");
		assertThat(names.physical("staging.orders-v2")).isEqualTo("staging.orders-v2");
		assertThat(SendAllocation.bytesPerCall(() -> names.physical("orders"))).as("bytes per declared name")
			.isLessThan(1);
		assertThat(SendAllocation.bytesPerCall(() -> names.physical("early"))).as("bytes per kept name")
			.isLessThan(1);
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
