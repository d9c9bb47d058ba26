package dev.kafkautils.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.kafkautils.autoconfigure.core.ConditionalOnKafkaUtils;
import org.jspecify.annotations.NullMarked;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure of the auto-configuration: one package per concern, a core that
 * every concern may use and that uses none, and concerns that use each other in one
 * direction only. Checked on the main classes, not the tests.
 */
@AnalyzeClasses(packages = "dev.kafkautils.autoconfigure", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String ROOT = "dev.kafkautils.autoconfigure";

	private static final String CORE = ROOT + ".core..";

	@ArchTest
	static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..")
		.namingSlices("$1")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule coreDependsOnNoConcern = noClasses().that()
		.resideInAPackage(CORE)
		.should()
		.dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(CORE))))
		.because("every concern builds on the core, so the core cannot know any of them");

	@ArchTest
	static final ArchRule noClassesOutsideAConcernPackage = noClasses().should()
		.resideInAPackage(ROOT)
		.because("each class belongs to the core or to one concern");

	@ArchTest
	static final ArchRule everyAutoConfigurationHasTheKafkaUtilsCondition = classes().that()
		.areAnnotatedWith(AutoConfiguration.class)
		.should()
		.beAnnotatedWith(ConditionalOnKafkaUtils.class)
		.because("kafka.utils.enabled=false must switch every kafka-utils auto-configuration off");

	@ArchTest
	static final ArchRule everyPackageIsNullMarked = classes().should(beInANullMarkedPackage());

	private static ArchCondition<JavaClass> beInANullMarkedPackage() {
		return new ArchCondition<>("be in a package annotated with @NullMarked") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				boolean nullMarked = javaClass.getPackage().isAnnotatedWith(NullMarked.class);
				if (!nullMarked) {
					events.add(SimpleConditionEvent.violated(javaClass, "package " + javaClass.getPackageName()
							+ " of " + javaClass.getName() + " has no package-info.java with @NullMarked"));
				}
			}

		};
	}

}
