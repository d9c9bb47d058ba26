package dev.kafkautils.autoconfigure.health;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Membership of the readiness group: added where the group exists, nowhere else.
 */
class KafkaReadinessGroupTests {

	private final KafkaReadinessGroup postProcessor = new KafkaReadinessGroup("kafka");

	@Test
	void kafkaJoinsTheReadinessGroupAndKeepsItsMembers() {
		HealthEndpointGroup readiness = mock(HealthEndpointGroup.class);
		given(readiness.isMember("readinessState")).willReturn(true);
		HealthEndpointGroup liveness = mock(HealthEndpointGroup.class);
		HealthEndpointGroups groups = HealthEndpointGroups.of(mock(HealthEndpointGroup.class),
				Map.of("readiness", readiness, "liveness", liveness));
		HealthEndpointGroups processed = this.postProcessor.postProcessHealthEndpointGroups(groups);
		assertThat(processed.get("readiness").isMember("kafka")).isTrue();
		assertThat(processed.get("readiness").isMember("readinessState")).isTrue();
		assertThat(processed.get("readiness").isMember("db")).isFalse();
		assertThat(processed.get("liveness")).isSameAs(liveness);
		assertThat(processed.getNames()).containsExactlyInAnyOrder("readiness", "liveness");
	}

	@Test
	void withoutAReadinessGroupNothingChanges() {
		HealthEndpointGroups groups = HealthEndpointGroups.of(mock(HealthEndpointGroup.class), Map.of());
		assertThat(this.postProcessor.postProcessHealthEndpointGroups(groups)).isSameAs(groups);
	}

}
