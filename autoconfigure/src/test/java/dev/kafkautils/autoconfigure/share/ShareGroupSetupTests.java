package dev.kafkautils.autoconfigure.share;

import java.util.Map;

import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The message of a cluster without share groups (the real brokers of these tests have
 * them, so the cluster's answer is built here).
 */
class ShareGroupSetupTests {

	@Test
	void clusterWithoutShareGroupsFailsSayingHowToEnableThem() {
		assertThatExceptionOfType(ShareGroupsUnavailableException.class)
			.isThrownBy(() -> ShareGroupSetup.checkShareGroupsEnabled(features(Map.of())))
			.withMessageContaining("share groups disabled")
			.withMessageContaining("kafka-features.sh --bootstrap-server <broker> upgrade --feature share.version=1")
			.withMessageContaining("kafka.utils.share.enabled=false");
	}

	@Test
	void failureAnalysisGivesTheCommandThatEnablesShareGroups() {
		ShareGroupsUnavailableException failure = new ShareGroupsUnavailableException("share groups disabled");
		FailureAnalysis analysis = new ShareGroupsUnavailableFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to start bean", failure));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getAction()).contains("upgrade --feature share.version=1");
	}

	@Test
	void clusterWithShareVersionOneIsAccepted() {
		assertThatNoException().isThrownBy(() -> ShareGroupSetup.checkShareGroupsEnabled(
				features(Map.of("share.version", new FinalizedVersionRange((short) 1, (short) 1)))));
	}

	private static Map<String, FinalizedVersionRange> features(Map<String, FinalizedVersionRange> finalized) {
		return finalized;
	}

}
