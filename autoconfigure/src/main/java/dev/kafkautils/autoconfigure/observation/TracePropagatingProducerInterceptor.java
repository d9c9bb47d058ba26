package dev.kafkautils.autoconfigure.observation;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Carries the sending thread's current trace in each record the template sends
 * ({@code traceparent}, or whatever propagation Spring Boot configured), so the
 * listener's span continues that trace. No span is made for the send: that is what
 * spring-kafka's template observation does, at the cost of an observation per record
 * (see {@code kafka.utils.observation.producer-spans}).
 * <p>
 * Without a current trace it costs one thread-local lookup. A record that already
 * carries trace headers (from the template's own observation, or set by the caller)
 * keeps them. Without a tracer that records spans, this does nothing.
 * <p>
 * A tracer that is found is kept. Until the context's singletons exist, a send that
 * finds none (or only Micrometer's no-op tracer) decides nothing: a record sent during
 * start-up, before the tracer bean is there, must not switch propagation off for good.
 * Once they exist ({@link #afterSingletonsInstantiated()}) the tracer is looked up a
 * last time, so a send costs no bean lookup from then on. (Spring Boot's lazy
 * initialisation leaves {@link SmartInitializingSingleton} beans eager, so this holds
 * there too.)
 */
final class TracePropagatingProducerInterceptor extends HeaderAddingProducerInterceptor
		implements SmartInitializingSingleton {

	private static final Propagator.Setter<Headers> SETTER = (headers, name, value) -> {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	};

	private static final Tracing NONE = new Tracing(Tracer.NOOP, Propagator.NOOP, new String[0]);

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	/** The tracing found, or {@link #NONE} once the singletons exist without it; {@code null} until then. */
	private volatile @Nullable Tracing tracing;

	TracePropagatingProducerInterceptor(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
		Tracing tracing = tracing();
		if (tracing == NONE) {
			return record;
		}
		TraceContext context = tracing.tracer().currentTraceContext().context();
		if (context == null) {
			return record;
		}
		Headers headers = record.headers();
		for (String field : tracing.fields()) {
			if (headers.lastHeader(field) != null) {
				return record;
			}
		}
		try {
			tracing.propagator().inject(context, headers, SETTER);
		}
		catch (IllegalStateException ex) {
			// the headers of a record sent before are read-only: send it as it is
		}
		return record;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.tracing == null) {
			this.tracing = lookUp();
		}
	}

	private Tracing tracing() {
		Tracing tracing = this.tracing;
		if (tracing == null) {
			tracing = lookUp();
			if (tracing != NONE) {
				this.tracing = tracing;
			}
		}
		return tracing;
	}

	private Tracing lookUp() {
		Tracer tracer = this.tracer.getIfUnique();
		Propagator propagator = this.propagator.getIfUnique();
		boolean recording = tracer != null && tracer != Tracer.NOOP && propagator != null
				&& propagator != Propagator.NOOP;
		return recording ? new Tracing(tracer, propagator, fields(propagator)) : NONE;
	}

	private static String[] fields(Propagator propagator) {
		List<String> fields = propagator.fields();
		return (fields != null) ? fields.toArray(String[]::new) : new String[0];
	}

	private record Tracing(Tracer tracer, Propagator propagator, String[] fields) {
	}

}
