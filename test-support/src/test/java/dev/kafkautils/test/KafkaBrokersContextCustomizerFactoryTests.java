package dev.kafkautils.test;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.ContextCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which test classes get Kafka connection details, and that contexts are cached per
 * cluster: one customizer per class that starts a cluster, shared by its nested classes.
 */
class KafkaBrokersContextCustomizerFactoryTests {

	private final KafkaBrokersContextCustomizerFactory factory = new KafkaBrokersContextCustomizerFactory();

	@Test
	void aClassWithoutTheExtensionGetsNoCustomizer() {
		assertThat(customizer(Plain.class)).isNull();
	}

	@Test
	void eachClassWithTheExtensionHasItsOwnCluster() {
		assertThat(customizer(Annotated.class)).isNotNull()
			.isEqualTo(customizer(Annotated.class))
			.hasSameHashCodeAs(customizer(Annotated.class))
			.isNotEqualTo(customizer(AlsoAnnotated.class))
			.isNotEqualTo(customizer(Registered.class))
			.isNotEqualTo(customizer(ExtendedWith.class));
		assertThat(customizer(Registered.class)).isNotNull();
		assertThat(customizer(ExtendedWith.class)).isNotNull();
	}

	@Test
	void nestedClassesUseTheirEnclosingClassCluster() {
		assertThat(customizer(Annotated.Inner.class)).isEqualTo(customizer(Annotated.class));
		assertThat(customizer(Plain.InnerAnnotated.class)).isNotNull().isNotEqualTo(customizer(Plain.class));
	}

	@Test
	void aSubclassOfAnAnnotatedClassStartsItsOwnCluster() {
		assertThat(customizer(AnnotatedSubclass.class)).isNotNull().isNotEqualTo(customizer(Annotated.class));
	}

	private ContextCustomizer customizer(Class<?> testClass) {
		return this.factory.createContextCustomizer(testClass, List.of());
	}

	static class Plain {

		@Nested
		@KafkaBrokers
		class InnerAnnotated {

		}

	}

	@KafkaBrokers
	static class Annotated {

		@Nested
		class Inner {

		}

	}

	static class AnnotatedSubclass extends Annotated {

	}

	@KafkaBrokers(nodes = 3)
	static class AlsoAnnotated {

	}

	@ExtendWith(KafkaBrokersExtension.class)
	static class ExtendedWith {

	}

	static class Registered {

		static final KafkaBrokersExtension kafka = new KafkaBrokersExtension(KafkaCluster.builder());

	}

}
