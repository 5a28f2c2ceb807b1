package io.verdict.kql;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** kql depends on event and query only: no Spring, no EQL, nothing above it in the layering. */
class KqlArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.verdict");

    @Test
    void kqlUsesOnlyTheEventViewAndQuerySupport() {
        noClasses().that().resideInAPackage("io.verdict.kql..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.verdict.eql..", "io.verdict.rule..", "io.verdict.engine..",
                        "io.verdict.api..", "io.verdict.config..")
                .check(MAIN);
    }
}
