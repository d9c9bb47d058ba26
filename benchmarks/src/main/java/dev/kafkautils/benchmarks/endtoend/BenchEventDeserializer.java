package dev.kafkautils.benchmarks.endtoend;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.kafkautils.benchmarks.proto.BenchEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** The protobuf deserializer a Spring Boot application without the starter would write. */
public class BenchEventDeserializer implements Deserializer<BenchEvent> {

	@Override
	public BenchEvent deserialize(String topic, byte[] data) {
		try {
			return (data != null) ? BenchEvent.parseFrom(data) : null;
		}
		catch (InvalidProtocolBufferException ex) {
			throw new SerializationException("Not a BenchEvent", ex);
		}
	}

}
