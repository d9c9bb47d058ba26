package dev.kafkautils.autoconfigure.rpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The deadline check in front of listeners: only a readable deadline in the past skips a
 * record. The end-to-end case (a request that waited in the topic) is in
 * {@code RpcIntegrationTests}.
 */
class DeadlineInterceptorTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DeadlineInterceptor interceptor = new DeadlineInterceptor("deadline",
			new MicrometerRpcMetrics(this.registry, false));

	@SuppressWarnings("unchecked")
	private final Consumer<Object, Object> consumer = mock(Consumer.class);

	@Test
	void recordWithoutDeadlineIsProcessed() {
		ConsumerRecord<Object, Object> record = record(null);
		assertThat(this.interceptor.intercept(record, this.consumer)).isSameAs(record);
	}

	@Test
	void recordBeforeItsDeadlineIsProcessed() {
		ConsumerRecord<Object, Object> record = record(Long.toString(System.currentTimeMillis() + 60_000));
		assertThat(this.interceptor.intercept(record, this.consumer)).isSameAs(record);
	}

	@Test
	void recordPastItsDeadlineIsSkippedAndCounted() {
		given(this.consumer.groupMetadata()).willReturn(new ConsumerGroupMetadata("servers"));
		ConsumerRecord<Object, Object> record = record(Long.toString(System.currentTimeMillis() - 1));
		assertThat(this.interceptor.intercept(record, this.consumer)).isNull();
		assertThat(this.registry.get(MicrometerRpcMetrics.SERVER_EXPIRED)
			.tags("topic", "requests", "group", "servers")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void unreadableDeadlineIsIgnored() {
		List<String> values = new ArrayList<>(List.of("", "12a", "-5", "1234567890123456789"));
		for (String value : values) {
			ConsumerRecord<Object, Object> record = record(value);
			assertThat(this.interceptor.intercept(record, this.consumer)).as(value).isSameAs(record);
		}
	}

	private static ConsumerRecord<Object, Object> record(String deadline) {
		ConsumerRecord<Object, Object> record = new ConsumerRecord<>("requests", 0, 0, "k", "v");
		if (deadline != null) {
			record.headers().add("deadline", deadline.getBytes(StandardCharsets.US_ASCII));
		}
		return record;
	}

}
