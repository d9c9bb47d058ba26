package dev.kafkautils.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.metrics.StartupStep;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A small Kafka application, started once per JVM by {@link StartupBenchmark}: one
 * {@code @KafkaListener}, the template, a meter registry. With {@code starter} kafka-utils
 * is on; with {@code boot} it is off ({@code kafka.utils.enabled=false}) and Spring Boot's
 * Kafka support runs alone. {@code starter-no-verify}, {@code starter-no-provisioning} and
 * {@code starter-no-verify-no-provisioning} (and {@code starter-no-preinit}, the background
 * class initialisation) turn off the start-up connection check and
 * topic provisioning, to show what each costs. Prints one line, {@code READY <run ms> <JVM uptime ms>}, and
 * with {@code steps} the slowest start-up steps, then halts.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StartupApplication {

	@Bean
	SimpleMeterRegistry startupMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	@KafkaListener(id = "startup", topics = "${startup.topic}")
	void onRecord(ConsumerRecord<String, byte[]> record) {
	}

	/**
	 * @param args the mode ({@code boot}, {@code starter} or {@code starter-no-...}), bootstrap servers, topic, optional {@code steps}
	 */
	public static void main(String[] args) {
		boolean starter = args[0].startsWith("starter");
		boolean steps = args.length > 3 && "steps".equals(args[3]);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.application.name", "startup");
		properties.put("spring.kafka.bootstrap-servers", args[1]);
		properties.put("spring.kafka.consumer.group-id", "startup-" + args[0]);
		properties.put("startup.topic", args[2]);
		if (starter) {
			properties.put("kafka.utils.provisioning.max-replication", "1");
			properties.put("logging.level.dev.kafkautils.autoconfigure.topics.TopicPlanner", "error");
			// the parts of the starter that talk to the broker during start-up, one at a time
			if (args[0].contains("no-verify")) {
				properties.put("kafka.utils.client.verify-connection", "false");
			}
			if (args[0].contains("no-provisioning")) {
				properties.put("kafka.utils.provisioning.enabled", "false");
			}
			if (args[0].contains("no-preinit")) {
				properties.put("kafka.utils.client.preinitialize", "false");
			}
		}
		else {
			properties.put("kafka.utils.enabled", "false");
			properties.put("spring.kafka.consumer.value-deserializer",
					"org.apache.kafka.common.serialization.ByteArrayDeserializer");
		}
		BufferingApplicationStartup startup = steps ? new BufferingApplicationStartup(20_000) : null;
		SpringApplicationBuilder builder = new SpringApplicationBuilder(StartupApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties);
		if (startup != null) {
			builder.applicationStartup(startup);
		}
		long start = System.nanoTime();
		ConfigurableApplicationContext context = builder.run();
		long runMillis = (System.nanoTime() - start) / 1_000_000;
		context.getBean(KafkaTemplate.class);
		System.out.println("READY " + runMillis + " " + ManagementFactory.getRuntimeMXBean().getUptime());
		if (startup != null) {
			printSlowestSteps(startup);
		}
		System.out.flush();
		// what is measured ends here; stopping consumers and producers gracefully is not part of it
		Runtime.getRuntime().halt(0);
	}

	private static void printSlowestSteps(BufferingApplicationStartup startup) {
		startup.getBufferedTimeline()
			.getEvents()
			.stream()
			.sorted(Comparator.comparing(
					(org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent event) -> event
						.getDuration())
				.reversed())
			.limit(25)
			.forEach((event) -> System.out.println(String.format(Locale.ROOT, "STEP %5d ms %s %s",
					event.getDuration().toMillis(), event.getStartupStep().getName(), tags(event.getStartupStep()))));
	}

	private static String tags(StartupStep step) {
		return StreamSupport.stream(step.getTags().spliterator(), false)
			.map((tag) -> tag.getKey() + "=" + tag.getValue())
			.collect(Collectors.joining(", "));
	}

}
