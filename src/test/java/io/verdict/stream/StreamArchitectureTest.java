package io.verdict.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The topology is a library the service wraps: Kafka Streams, the engine and what it stands on, no Spring and
 * nothing of the web layer or the service's configuration.
 */
class StreamArchitectureTest {

    private static final JavaClasses STREAM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.verdict.stream");

    @Test
    void theTopologyImportsNoSpringAndNothingOfTheService() {
        noClasses()
                .that()
                .resideInAPackage("io.verdict.stream..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "jakarta.servlet..",
                        "io.verdict.api..",
                        "io.verdict.config..",
                        "io.verdict.cli..",
                        "io.verdict.output..")
                .check(STREAM);
    }
}
