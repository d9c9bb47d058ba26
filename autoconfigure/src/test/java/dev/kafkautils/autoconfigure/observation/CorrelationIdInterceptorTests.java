package dev.kafkautils.autoconfigure.observation;

import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which header wins, the key as fallback, the MDC while a record is processed, and the
 * outgoing header.
 */
class CorrelationIdInterceptorTests {

	private final CorrelationProperties properties = new CorrelationProperties();

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void firstConfiguredHeaderWinsThenTheKey() {
		CorrelationIdInterceptor interceptor = new CorrelationIdInterceptor(this.properties);
		ConsumerRecord<Object, Object> both = record("key-1");
		both.headers().add("request_id", bytes("r-1"));
		both.headers().add("x-correlation-id", bytes("x-1"));
		assertThat(interceptor.correlationId(both)).isEqualTo("x-1");
		assertThat(interceptor.correlationId(record("key-2"))).isEqualTo("key-2");
		assertThat(interceptor.correlationId(record(null))).isNull();
		assertThat(interceptor.correlationId(record(bytes("byte-key")))).isEqualTo("byte-key");
	}

	@Test
	void keyIsNotUsedWhenSwitchedOffAndHeaderNamesAreConfigurable() {
		this.properties.setUseKey(false);
		this.properties.setHeaderNames(List.of("trace-me"));
		CorrelationIdInterceptor interceptor = new CorrelationIdInterceptor(this.properties);
		ConsumerRecord<Object, Object> record = record("key-1");
		record.headers().add("correlation_id", bytes("ignored"));
		assertThat(interceptor.correlationId(record)).isNull();
		record.headers().add("trace-me", bytes("t-1"));
		assertThat(interceptor.correlationId(record)).isEqualTo("t-1");
	}

	@Test
	void aLaterHeaderOfTheSameNameWinsAndAnEarlierNameBeatsAHeaderAfterIt() {
		CorrelationIdInterceptor interceptor = new CorrelationIdInterceptor(this.properties);
		ConsumerRecord<Object, Object> record = record("key-1");
		record.headers().add("correlation_id", bytes("c-1"));
		record.headers().add("request_id", bytes("r-1"));
		record.headers().add("correlation_id", bytes("c-2"));
		record.headers().add("x-correlation-id", bytes("x-1"));
		assertThat(interceptor.correlationId(record)).isEqualTo("c-2");
	}

	@Test
	void findingTheIdInTheHeadersAllocatesNothingBeyondTheIdItself() {
		CorrelationIdInterceptor interceptor = new CorrelationIdInterceptor(this.properties);
		ConsumerRecord<Object, Object> record = record("order-9");
		record.headers().add("source", bytes("orders-service"));
		record.headers().add("content-type", bytes("application/x-protobuf"));
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		for (int i = 0; i < 50_000; i++) {
			interceptor.correlationId(record);
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < 50_000; i++) {
			interceptor.correlationId(record);
		}
		long perRecord = (threads.getCurrentThreadAllocatedBytes() - before) / 50_000;
		// no matching header: the key is the id, and looking through the headers allocates nothing
		assertThat(perRecord).isLessThan(1);
	}

	@Test
	void idIsInTheMdcUntilTheRecordIsDone() {
		CorrelationIdInterceptor interceptor = new CorrelationIdInterceptor(this.properties);
		ConsumerRecord<Object, Object> record = record("order-9");
		interceptor.intercept(record, null);
		assertThat(MDC.get("correlationId")).isEqualTo("order-9");
		interceptor.afterRecord(record, null);
		assertThat(MDC.get("correlationId")).isNull();
	}

	@Test
	void outgoingRecordsGetTheIdUnlessTheyHaveOne() {
		CorrelationIdProducerInterceptor interceptor = new CorrelationIdProducerInterceptor(this.properties);
		ProducerRecord<Object, Object> plain = new ProducerRecord<>("out", "k", "v");
		assertThat(interceptor.onSend(plain).headers().lastHeader("correlation_id")).isNull();

		MDC.put("correlationId", "c-1");
		assertThat(new String(interceptor.onSend(plain).headers().lastHeader("correlation_id").value(),
				StandardCharsets.UTF_8)).isEqualTo("c-1");
		ProducerRecord<Object, Object> own = new ProducerRecord<>("out", "k", "v");
		own.headers().add("correlation_id", bytes("mine"));
		assertThat(interceptor.onSend(own).headers().headers("correlation_id")).hasSize(1);
	}

	private static ConsumerRecord<Object, Object> record(Object key) {
		return new ConsumerRecord<>("in", 0, 0L, key, "value");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
