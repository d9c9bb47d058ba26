package dev.kafkautils.autoconfigure.share;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a cluster without share groups as what it is, with the command that enables
 * them, instead of a stack trace.
 */
public class ShareGroupsUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<ShareGroupsUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ShareGroupsUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Enable share groups on the cluster (Kafka 4.2 or later): kafka-features.sh --bootstrap-server "
						+ "<broker> upgrade --feature share.version=1. Or remove the share listeners, or set "
						+ ShareProperties.PREFIX + ".enabled=false.",
				cause);
	}

}
