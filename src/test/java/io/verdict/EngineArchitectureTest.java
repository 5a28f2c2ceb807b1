package io.verdict;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The engine is a plain library: event/, query/ and eql/ import no Spring, and dependencies point one way. */
class EngineArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.verdict");

    @Test
    void engineImportsNoSpring() {
        noClasses().that().resideInAnyPackage("io.verdict.event..", "io.verdict.query..", "io.verdict.eql..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(MAIN);
    }

    @Test
    void eventAndQueryDoNotDependOnEql() {
        noClasses().that().resideInAnyPackage("io.verdict.event..", "io.verdict.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.eql..", "io.verdict.kql..",
                        "io.verdict.rule..", "io.verdict.engine..", "io.verdict.api..")
                .check(MAIN);
    }

    @Test
    void eqlDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("io.verdict.eql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.kql..", "io.verdict.rule..",
                        "io.verdict.engine..", "io.verdict.api..")
                .check(MAIN);
    }
}
