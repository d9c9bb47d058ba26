package dev.kafkautils.autoconfigure.rpc;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * The server side of deadlines: a record whose deadline header lies in the past is not
 * handed to the listener (its requester has given up), it is counted and its offset is
 * committed as processed. Records without the header, or with one that is not a decimal
 * number, are processed as usual. Costs one header lookup per record.
 */
final class DeadlineInterceptor implements RecordInterceptor<Object, Object> {

	private static final Log logger = LogFactory.getLog(DeadlineInterceptor.class);

	private final String header;

	private final RpcMetrics metrics;

	DeadlineInterceptor(String header, RpcMetrics metrics) {
		this.header = header;
		this.metrics = metrics;
	}

	@Override
	public @Nullable ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		Header deadline = record.headers().lastHeader(this.header);
		if (deadline == null) {
			return record;
		}
		long millis = parse(deadline.value());
		if (millis < 0 || System.currentTimeMillis() <= millis) {
			return record;
		}
		String group = consumer.groupMetadata().groupId();
		this.metrics.expired(record.topic(), group);
		if (logger.isDebugEnabled()) {
			logger.debug("Skipped the request at " + record.topic() + "-" + record.partition() + "@"
					+ record.offset() + ": its deadline " + millis + " has passed");
		}
		return null;
	}

	/** Decimal epoch milliseconds, or -1 when the value is not one. */
	static long parse(byte @Nullable [] value) {
		if (value == null || value.length == 0 || value.length > 18) {
			return -1;
		}
		long result = 0;
		for (byte digit : value) {
			if (digit < '0' || digit > '9') {
				return -1;
			}
			result = result * 10 + (digit - '0');
		}
		return result;
	}

}
