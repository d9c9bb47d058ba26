package dev.kafkautils.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.kafkautils.reliability.app.badinput.BadInputService;
import dev.kafkautils.reliability.app.badinput.JsonOrder;
import dev.kafkautils.reliability.app.badinput.proto.ProtoOrder;
import dev.kafkautils.reliability.support.ProcessedLog;
import dev.kafkautils.test.KafkaBrokersExtension;
import dev.kafkautils.test.KafkaCluster;
import dev.kafkautils.test.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario "bad input": 10,000 records on a protobuf topic and a JSON topic (types declared
 * under {@code kafka.utils.topics}), valid ones interleaved with random bytes, valid records
 * truncated or bit-flipped, valid bytes under the wrong content type, and records with
 * 100 KB keys and headers; seeded, so a failure can be replayed. Every bad record is
 * dead-lettered with its exact bytes, every valid one processed, none lost or both; the
 * containers keep running; each bad record costs at most one log line.
 * <p>
 * What is bad: for JSON, every mutation here breaks the syntax (a strict prefix of an
 * object, a structural character with a bit flipped, a first byte no JSON value starts
 * with). For protobuf, where many byte strings are valid messages, protobuf-java's own
 * parser is the judge: a mutated record it accepts must be processed, one it refuses
 * dead-lettered.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputIT {

	private static final long SEED = 20261202L;

	private static final int RECORDS_PER_TOPIC = 5_000;

	private static final String PROTO_TOPIC = "bad-input-proto";

	private static final String JSON_TOPIC = "bad-input-json";

	private static final int OVERSIZED = 100 * 1024;

	private static final String CONTENT_TYPE = "content-type";

	/** What may log besides the bad records while they are consumed (nothing is expected). */
	private static final int OTHER_LINES = 10;

	/** The start of a line of Spring Boot's console format, with its level. */
	private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+\\s+([A-Z]+) ");

	@RegisterExtension
	static final KafkaBrokersExtension brokers = new KafkaBrokersExtension(KafkaCluster.builder().nodes(1));

	private static final List<Kind> BAD_KINDS = List.of(Kind.RANDOM, Kind.TRUNCATED, Kind.BIT_FLIPPED,
			Kind.WRONG_CONTENT_TYPE);

	private final Random random = new Random(SEED);

	@Test
	void badRecordsAreDeadLetteredByteForByteAndValidOnesProcessed(CapturedOutput output) throws Exception {
		brokers.cluster().createTopics(3, PROTO_TOPIC, JSON_TOPIC);
		Path dir = Files.createDirectories(Paths.get("target", "services"));
		Path processedFile = Files.createTempFile(dir, "bad-input-", ".processed");
		List<Sent> sent = new ArrayList<>();
		try (ConfigurableApplicationContext context = start(processedFile)) {
			int outputBefore = output.getAll().length();
			List<Pending> pending = new ArrayList<>();
			try (KafkaProducer<String, byte[]> producer = producer()) {
				for (int i = 0; i < RECORDS_PER_TOPIC; i++) {
					pending.add(send(producer, PROTO_TOPIC, i));
					pending.add(send(producer, JSON_TOPIC, i));
				}
				producer.flush();
				for (Pending record : pending) {
					sent.add(record.sent());
				}
			}
			long bad = sent.stream().filter((record) -> !record.valid()).count();
			// counted, not read: the dead-letter topics hold the oversized records too
			await().atMost(Duration.ofSeconds(120))
				.until(() -> ProcessedLog.read(processedFile).size() + deadLetterCount() >= sent.size());

			assertThat(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers())
				.hasSize(2)
				.allMatch(MessageListenerContainer::isRunning);
			String during = output.getAll().substring(outputBefore);
			assertOneLinePerBadRecord(during, sent);
			long lines = linesAboveInfo(during);
			assertThat(lines).as("lines logged for %d bad records", bad).isLessThanOrEqualTo(bad + OTHER_LINES);
			System.out.printf("bad input: %d records, %d bad (%d dead-lettered), %d lines above INFO%n", sent.size(),
					bad, deadLetterCount(), lines);
		}

		Map<String, Sent> byId = new HashMap<>();
		sent.forEach((record) -> byId.put(record.topic() + ":" + record.id(), record));
		Set<String> processed = new HashSet<>();
		for (String line : ProcessedLog.read(processedFile)) {
			String id = line.substring(0, line.indexOf('/'));
			assertThat(processed.add(id)).as("processed once: %s", id).isTrue();
			Sent record = byId.get(id);
			assertThat(record).as("sent: %s", id).isNotNull();
			assertThat(record.valid()).as("%s (%s) is valid", id, record.kind()).isTrue();
			if (record.kind() == Kind.VALID || record.kind() == Kind.VALID_OVERSIZED) {
				assertThat(line).endsWith("/" + record.id());
			}
		}
		Map<String, ConsumerRecord<String, byte[]>> dead = deadLettered();
		for (Map.Entry<String, ConsumerRecord<String, byte[]>> entry : dead.entrySet()) {
			Sent record = byId.get(entry.getKey());
			assertThat(record).as("sent: %s", entry.getKey()).isNotNull();
			assertThat(record.valid()).as("%s (%s) is bad", entry.getKey(), record.kind()).isFalse();
			assertThat(entry.getValue().value()).as("bytes of %s", entry.getKey()).isEqualTo(record.value());
			assertThat(TopicRecords.header(entry.getValue(), "kafka_dlt-reason")).contains("undeserialisable");
		}
		// none lost: every record is in exactly one of the two
		Set<String> all = new HashSet<>(processed);
		all.addAll(dead.keySet());
		assertThat(all).hasSize(sent.size()).isEqualTo(byId.keySet());
		assertThat(dead).hasSize((int) sent.stream().filter((record) -> !record.valid()).count());
		for (Kind kind : Kind.values()) {
			assertThat(sent).as("records of kind %s", kind).anyMatch((record) -> record.kind() == kind);
		}
	}

	/**
	 * Lines logged above INFO (the consumers' INFO messages about joining their groups are
	 * expected), with the lines their multi-line messages or stack traces add.
	 */
	private static long linesAboveInfo(String output) {
		long count = 0;
		boolean aboveInfo = false;
		for (String line : output.lines().toList()) {
			Matcher header = LOG_LINE.matcher(line);
			if (header.find()) {
				aboveInfo = !header.group(1).equals("INFO") && !header.group(1).equals("DEBUG");
			}
			count += aboveInfo ? 1 : 0;
		}
		return count;
	}

	/** Each bad record is named by one line at most (its topic-partition@offset), and by one at least. */
	private static void assertOneLinePerBadRecord(String output, List<Sent> sent) {
		Pattern position = Pattern.compile("(bad-input-(?:proto|json)-\\d+@\\d+)\\b");
		Map<String, Integer> linesPerRecord = new HashMap<>();
		output.lines().forEach((line) -> {
			Set<String> named = new HashSet<>();
			Matcher matcher = position.matcher(line);
			while (matcher.find()) {
				named.add(matcher.group(1));
			}
			named.forEach((record) -> linesPerRecord.merge(record, 1, Integer::sum));
		});
		for (Sent record : sent) {
			int lines = linesPerRecord.getOrDefault(record.position(), 0);
			assertThat(lines).as("log lines naming %s (%s)", record.position(), record.kind())
				.isEqualTo(record.valid() ? 0 : 1);
		}
	}

	private Pending send(KafkaProducer<String, byte[]> producer, String topic, int i) {
		boolean proto = topic.equals(PROTO_TOPIC);
		String id = (proto ? "p-" : "j-") + i;
		byte[] valid = proto ? protoOrder(id) : jsonOrder(id);
		String contentType = proto ? "application/x-protobuf" : "application/json";
		// half valid, the other half one of the bad kinds, interleaved at random
		Kind kind;
		if (this.random.nextBoolean()) {
			kind = (this.random.nextInt(50) == 0) ? Kind.VALID_OVERSIZED : Kind.VALID;
		}
		else {
			// oversized records are few: each one moves hundreds of KB through the broker, twice when bad
			kind = (this.random.nextInt(25) == 0) ? Kind.BAD_OVERSIZED
					: BAD_KINDS.get(this.random.nextInt(BAD_KINDS.size()));
		}
		byte[] value = switch (kind) {
			case VALID, VALID_OVERSIZED, WRONG_CONTENT_TYPE -> valid;
			case RANDOM, BAD_OVERSIZED -> randomBytes(proto);
			case TRUNCATED -> Arrays.copyOf(valid, 1 + this.random.nextInt(valid.length - 1));
			case BIT_FLIPPED -> bitFlipped(valid, proto);
		};
		String key = id;
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, value);
		if (kind == Kind.WRONG_CONTENT_TYPE) {
			record.headers().add(CONTENT_TYPE, "text/plain".getBytes(StandardCharsets.UTF_8));
		}
		else if (this.random.nextBoolean()) {
			// the header is optional: without one, the declared type decides
			record.headers().add(CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8));
		}
		if (kind == Kind.VALID_OVERSIZED || kind == Kind.BAD_OVERSIZED) {
			record = new ProducerRecord<>(topic, null, key + "|" + "k".repeat(OVERSIZED), value, record.headers());
			record.headers().add("padding", new byte[OVERSIZED]);
		}
		boolean isValid = switch (kind) {
			case VALID, VALID_OVERSIZED -> true;
			case WRONG_CONTENT_TYPE -> false;
			// JSON: every mutation breaks the syntax; protobuf: its parser decides
			default -> proto && parses(value);
		};
		return new Pending(topic, id, kind, value, isValid, producer.send(record));
	}

	private static byte[] protoOrder(String id) {
		return ProtoOrder.newBuilder().setId(id).setAmountCents(1234).addItems("book").addItems("pen").build()
			.toByteArray();
	}

	private static byte[] jsonOrder(String id) {
		return ("{\"id\":\"" + id + "\",\"amountCents\":1234,\"items\":[\"book\",\"pen\"]}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private byte[] randomBytes(boolean proto) {
		byte[] bytes = new byte[1 + this.random.nextInt(300)];
		this.random.nextBytes(bytes);
		if (!proto) {
			// no JSON value starts with a control character
			bytes[0] = (byte) (1 + this.random.nextInt(8));
		}
		return bytes;
	}

	private byte[] bitFlipped(byte[] valid, boolean proto) {
		byte[] bytes = valid.clone();
		if (proto) {
			for (int flips = 1 + this.random.nextInt(3); flips > 0; flips--) {
				int at = this.random.nextInt(bytes.length);
				bytes[at] ^= (byte) (1 << this.random.nextInt(8));
			}
			return bytes;
		}
		// one bit of one structural character: no flip of { } [ ] " : , leaves valid JSON
		List<Integer> structural = new ArrayList<>();
		for (int i = 0; i < bytes.length; i++) {
			if ("{}[]\":,".indexOf(bytes[i]) >= 0) {
				structural.add(i);
			}
		}
		int at = structural.get(this.random.nextInt(structural.size()));
		bytes[at] ^= (byte) (1 << this.random.nextInt(8));
		return bytes;
	}

	private static boolean parses(byte[] value) {
		try {
			ProtoOrder.parseFrom(value);
			return true;
		}
		catch (InvalidProtocolBufferException ex) {
			return false;
		}
	}

	/** Records in the dead-letter topics, from their end offsets. */
	private static long deadLetterCount() throws Exception {
		try (Admin admin = brokers.cluster().admin()) {
			Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
			for (String topic : List.of(PROTO_TOPIC, JSON_TOPIC)) {
				admin.describeTopics(List.of("dlq." + topic))
					.allTopicNames()
					.get(10, TimeUnit.SECONDS)
					.get("dlq." + topic)
					.partitions()
					.forEach((partition) -> ends.put(new TopicPartition("dlq." + topic, partition.partition()),
							OffsetSpec.latest()));
			}
			return admin.listOffsets(ends)
				.all()
				.get(10, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
				.sum();
		}
	}

	private static Map<String, ConsumerRecord<String, byte[]>> deadLettered() {
		Map<String, ConsumerRecord<String, byte[]>> dead = new HashMap<>();
		for (String topic : List.of(PROTO_TOPIC, JSON_TOPIC)) {
			for (ConsumerRecord<String, byte[]> record : brokers.cluster().records().read("dlq." + topic)) {
				int end = record.key().indexOf('|');
				String id = topic + ":" + ((end < 0) ? record.key() : record.key().substring(0, end));
				assertThat(dead.put(id, record)).as("dead-lettered once: %s", id).isNull();
			}
		}
		return dead;
	}

	private static KafkaProducer<String, byte[]> producer() {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				brokers.cluster().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG,
				0);
		return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	private static ConfigurableApplicationContext start(Path processedFile) {
		List<String> arguments = List.of("--spring.kafka.bootstrap-servers=" + brokers.cluster().bootstrapServers(),
				"--spring.application.name=bad-input-service", "--reliability.proto-topic=" + PROTO_TOPIC,
				"--reliability.json-topic=" + JSON_TOPIC,
				"--reliability.processed-file=" + processedFile.toAbsolutePath(),
				"--kafka.utils.provisioning.max-replication=1",
				"--kafka.utils.topics." + PROTO_TOPIC + ".type=" + ProtoOrder.class.getName(),
				"--kafka.utils.topics." + JSON_TOPIC + ".type=" + JsonOrder.class.getName(),
				"--spring.kafka.producer.properties.linger.ms=0", "--spring.kafka.listener.concurrency=3");
		return new SpringApplicationBuilder(BadInputService.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

	/** The kinds of record sent. */
	enum Kind {

		VALID, RANDOM, TRUNCATED, BIT_FLIPPED, WRONG_CONTENT_TYPE, BAD_OVERSIZED, VALID_OVERSIZED

	}

	/**
	 * A record as sent.
	 *
	 * @param topic its topic
	 * @param id its id (the key, up to the padding)
	 * @param kind what was done to it
	 * @param value its value bytes
	 * @param valid whether a listener must get it (else the dead-letter topic)
	 * @param position {@code topic-partition@offset}
	 */
	record Sent(String topic, String id, Kind kind, byte[] value, boolean valid, String position) {
	}

	/** A record sent, its position still to come. */
	record Pending(String topic, String id, Kind kind, byte[] value, boolean valid, Future<RecordMetadata> metadata) {

		Sent sent() throws Exception {
			RecordMetadata written = this.metadata.get();
			return new Sent(this.topic, this.id, this.kind, this.value, this.valid,
					this.topic + "-" + written.partition() + "@" + written.offset());
		}

	}

}
