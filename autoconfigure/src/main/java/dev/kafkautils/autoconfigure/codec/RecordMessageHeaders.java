package dev.kafkautils.autoconfigure.codec;

import java.io.Serial;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageHeaders;

/**
 * The headers of a message made from a consumed record, mapped when first read rather
 * than for every record. A listener method that takes only the payload (or the
 * {@code ConsumerRecord}, the acknowledgment or the consumer, which spring-kafka supplies
 * without the headers) never reads them, so the header mapper's work and the map are not
 * paid for; any read ({@code @Header}, {@code Message<?>}, {@code @SendTo}, an error
 * handler, {@code toString}) sees exactly the headers spring-kafka's converter maps.
 * <p>
 * Safe to read from several threads: the mapping may run twice, but every reader sees one
 * complete map.
 */
final class RecordMessageHeaders extends MessageHeaders {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient PayloadMessageConverter converter;

	private final transient ConsumerRecord<?, ?> record;

	private final transient @Nullable Object acknowledgment;

	private final transient @Nullable Object consumer;

	private final transient @Nullable String groupId;

	private transient volatile @Nullable MessageHeaders mapped;

	/**
	 * What mapping needs, held here rather than in a lambda: one object less per record.
	 * @param converter the converter that maps the headers
	 * @param record the consumed record
	 * @param acknowledgment the acknowledgment for the message's headers, if any
	 * @param consumer the consumer for the message's headers, if any
	 * @param groupId the consumer thread's group, read when the record was consumed
	 */
	RecordMessageHeaders(PayloadMessageConverter converter, ConsumerRecord<?, ?> record,
			@Nullable Object acknowledgment, @Nullable Object consumer, @Nullable String groupId) {
		super(null, ID_VALUE_NONE, -1L);
		this.converter = converter;
		this.record = record;
		this.acknowledgment = acknowledgment;
		this.consumer = consumer;
		this.groupId = groupId;
	}

	/** @return whether the headers have been mapped (for tests) */
	boolean isMapped() {
		return this.mapped != null;
	}

	private MessageHeaders headers() {
		MessageHeaders headers = this.mapped;
		if (headers == null) {
			headers = this.converter.mapHeaders(this.record, this.acknowledgment, this.consumer, this.groupId);
			this.mapped = headers;
		}
		return headers;
	}

	@Override
	protected Map<String, Object> getRawHeaders() {
		return headers();
	}

	@Override
	public @Nullable Object get(Object key) {
		return headers().get(key);
	}

	@Override
	public <T> @Nullable T get(Object key, Class<T> type) {
		// MessageHeaders reads its own (here empty) map in this method, so it must be overridden
		return headers().get(key, type);
	}

	@Override
	public boolean containsKey(Object key) {
		return headers().containsKey(key);
	}

	@Override
	public boolean containsValue(Object value) {
		return headers().containsValue(value);
	}

	@Override
	public Set<Entry<String, Object>> entrySet() {
		return headers().entrySet();
	}

	@Override
	public Set<String> keySet() {
		return headers().keySet();
	}

	@Override
	public Collection<Object> values() {
		return headers().values();
	}

	@Override
	public int size() {
		return headers().size();
	}

	@Override
	public boolean isEmpty() {
		return headers().isEmpty();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return headers().equals((other instanceof RecordMessageHeaders lazy) ? lazy.headers() : other);
	}

	@Override
	public int hashCode() {
		return headers().hashCode();
	}

	@Override
	public String toString() {
		return headers().toString();
	}

	/** Serialized as the headers it maps to. */
	@Serial
	private Object writeReplace() {
		return headers();
	}

}
