package dev.kafkautils.autoconfigure.observation;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.MDC;

/**
 * Writes the correlation id in the logging MDC onto each record the template sends, as
 * the outgoing header, unless the record carries that header already. In a listener the
 * id is the consumed record's (see {@link CorrelationIdInterceptor}); any other code that
 * puts the MDC key (a web filter, say) has its id carried the same way.
 * <p>
 * A template-level interceptor: it runs on the sending thread, where the MDC is, and
 * adds to the record's headers in place. Without an id in the MDC it costs one map
 * lookup.
 */
final class CorrelationIdProducerInterceptor extends HeaderAddingProducerInterceptor {

	private final String mdcKey;

	private final String header;

	CorrelationIdProducerInterceptor(CorrelationProperties properties) {
		this.mdcKey = properties.getMdcKey();
		this.header = properties.getOutgoingHeader();
	}

	@Override
	public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
		String correlationId = MDC.get(this.mdcKey);
		if (correlationId != null && record.headers().lastHeader(this.header) == null) {
			try {
				record.headers().add(this.header, correlationId.getBytes(StandardCharsets.UTF_8));
			}
			catch (IllegalStateException ex) {
				// the headers of a record sent before are read-only: send it as it is
			}
		}
		return record;
	}

}
