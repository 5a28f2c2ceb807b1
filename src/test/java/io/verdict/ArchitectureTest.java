package io.verdict;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Dependencies point one way, {@code api -> engine -> rule -> eql | kql | esql -> event / query} (ES|QL's
 * {@code KQL()} runs through the KQL engine, so esql may use kql), and the library part
 * (everything below the engine) imports no Spring, so it can run without the service.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.verdict");

    private static final String[] LIBRARY = {"io.verdict.rule..", "io.verdict.eql..", "io.verdict.kql..",
            "io.verdict.esql..", "io.verdict.event..", "io.verdict.query..", "io.verdict.engine.."};

    @Test
    void theLibraryImportsNoSpringServletOrOpenApi() {
        noClasses().that().resideInAnyPackage(LIBRARY)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "io.swagger..", "org.springdoc..")
                .check(MAIN);
    }

    @Test
    void dependenciesPointDownwards() {
        noClasses().that().resideInAnyPackage("io.verdict.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.event..", "io.verdict.eql..", "io.verdict.esql..",
                        "io.verdict.kql..", "io.verdict.rule..", "io.verdict.engine..", "io.verdict.api..", "io.verdict.config..")
                .allowEmptyShould(true).check(MAIN);
        noClasses().that().resideInAnyPackage("io.verdict.event..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.eql..", "io.verdict.kql..", "io.verdict.esql..",
                        "io.verdict.rule..", "io.verdict.engine..", "io.verdict.api..", "io.verdict.config..")
                .allowEmptyShould(true).check(MAIN);
        noClasses().that().resideInAnyPackage("io.verdict.eql..", "io.verdict.kql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.rule..", "io.verdict.engine..",
                        "io.verdict.api..", "io.verdict.config..")
                .allowEmptyShould(true).check(MAIN);
        noClasses().that().resideInAnyPackage("io.verdict.eql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.kql..", "io.verdict.esql..")
                .allowEmptyShould(true).check(MAIN);
        noClasses().that().resideInAnyPackage("io.verdict.esql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.eql..", "io.verdict.rule..",
                        "io.verdict.engine..", "io.verdict.api..", "io.verdict.config..")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("io.verdict.kql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.eql..", "io.verdict.esql..")
                .allowEmptyShould(true).check(MAIN);
        noClasses().that().resideInAnyPackage("io.verdict.rule..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.engine..", "io.verdict.api..",
                        "io.verdict.config..")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("io.verdict.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.api..", "io.verdict.output..")
                .allowEmptyShould(true).check(MAIN);
        // where alerts go is the service's business: the outputs use the engine, never the other way round
        noClasses().that().resideInAnyPackage("io.verdict.output..")
                .should().dependOnClassesThat().resideInAnyPackage("io.verdict.api..")
                .check(MAIN);
    }
}
