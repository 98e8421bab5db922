package io.github.vwopush.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The Boot layers (auto-configuration, the endpoint, health) build and read the engine
 * through its front door only, {@code VwoPushEngine} and the API package: the engine's
 * internal packages can change in any release without breaking them. Runs on each line.
 */
class BootLayerArchitectureTests {

	private static final JavaClasses BOOT_LAYERS = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.vwopush.autoconfigure", "io.github.vwopush.actuate", "io.github.vwopush.health");

	@Test
	void theBootLayersUseOnlyTheEnginesFrontDoor() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.vwopush.internal..")
			.because("the engine's front door is VwoPushEngine and the io.github.vwopush package")
			.check(BOOT_LAYERS);
	}

}
