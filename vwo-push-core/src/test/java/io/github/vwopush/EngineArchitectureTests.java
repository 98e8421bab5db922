package io.github.vwopush;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The engine's shape, for a newcomer to rely on and a change to keep: it runs without
 * Spring Boot, and its internal packages depend on each other one way, the wire format on
 * nothing else in the engine.
 */
class EngineArchitectureTests {

	private static final JavaClasses ENGINE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.vwopush");

	@Test
	void theEngineHasNoSpringBootImport() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.because("vwo-push-core is the engine without Spring Boot: a plain Java application builds it")
			.check(ENGINE);
	}

	@Test
	void theWireFormatDependsOnNothingElseInTheEngine() {
		noClasses().that()
			.resideInAPackage("io.github.vwopush.internal.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.vwopush", "io.github.vwopush.aop..", "io.github.vwopush.metrics..",
					"io.github.vwopush.internal.delivery..", "io.github.vwopush.internal.http..",
					"io.github.vwopush.internal.spool..", "io.github.vwopush.internal.settings..")
			.because("the wire format is read in one place, without the engine around it")
			.check(ENGINE);
	}

	@Test
	void theInternalPackagesDependOnEachOtherOneWay() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("delivery").definedBy("io.github.vwopush.internal.delivery..")
			.layer("settings").definedBy("io.github.vwopush.internal.settings..")
			.layer("spool").definedBy("io.github.vwopush.internal.spool..")
			.layer("http").definedBy("io.github.vwopush.internal.http..")
			.layer("protocol").definedBy("io.github.vwopush.internal.protocol..")
			.whereLayer("delivery").mayNotBeAccessedByAnyLayer()
			.whereLayer("settings").mayOnlyBeAccessedByLayers("delivery")
			.whereLayer("spool").mayOnlyBeAccessedByLayers("delivery")
			.whereLayer("http").mayOnlyBeAccessedByLayers("settings", "delivery")
			.whereLayer("protocol").mayOnlyBeAccessedByLayers("http", "spool", "settings", "delivery")
			.check(ENGINE);
	}

}
