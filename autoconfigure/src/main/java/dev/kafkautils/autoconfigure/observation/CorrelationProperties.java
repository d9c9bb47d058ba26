package dev.kafkautils.autoconfigure.observation;

import java.util.ArrayList;
import java.util.List;

import dev.kafkautils.autoconfigure.core.KafkaUtilsProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code kafka.utils.correlation}: correlation ids taken from consumed
 * records into the logging MDC, and from the MDC onto records sent.
 */
@ConfigurationProperties(CorrelationProperties.PREFIX)
public class CorrelationProperties {

	/** Prefix of these properties. */
	public static final String PREFIX = KafkaUtilsProperties.PREFIX + ".correlation";

	/** Whether to put consumed records' correlation ids in the MDC and copy them onto records sent. */
	private boolean enabled = true;

	/** Headers that may carry a consumed record's correlation id, tried in this order. */
	private List<String> headerNames = new ArrayList<>(List.of("correlation_id", "x-correlation-id", "request_id"));

	/** Whether a record without any of those headers uses its key as correlation id. */
	private boolean useKey = true;

	/** MDC key under which the correlation id is logged while the listener runs. */
	private String mdcKey = "correlationId";

	/**
	 * Header written on records sent while a correlation id is in the MDC (a listener
	 * sending, or any code that put the MDC key). A record that already has it keeps its
	 * own.
	 */
	private String outgoingHeader = "correlation_id";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getHeaderNames() {
		return this.headerNames;
	}

	public void setHeaderNames(List<String> headerNames) {
		this.headerNames = headerNames;
	}

	public boolean isUseKey() {
		return this.useKey;
	}

	public void setUseKey(boolean useKey) {
		this.useKey = useKey;
	}

	public String getMdcKey() {
		return this.mdcKey;
	}

	public void setMdcKey(String mdcKey) {
		this.mdcKey = mdcKey;
	}

	public String getOutgoingHeader() {
		return this.outgoingHeader;
	}

	public void setOutgoingHeader(String outgoingHeader) {
		this.outgoingHeader = outgoingHeader;
	}

}
