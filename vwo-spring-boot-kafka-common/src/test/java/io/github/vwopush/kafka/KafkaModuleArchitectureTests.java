package io.github.vwopush.kafka;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The Kafka module builds on the engine's front door, as the Boot layers do. */
class KafkaModuleArchitectureTests {

	private static final JavaClasses MODULE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.vwopush.kafka");

	@Test
	void theModuleUsesNoInternalEngineType() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.vwopush.internal..")
			.because("the engine's front door is VwoPushEngine, VwoOutlet and the io.github.vwopush package")
			.check(MODULE);
	}

}
