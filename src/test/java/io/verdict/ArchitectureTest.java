package io.verdict;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What every package under {@code io.verdict} may depend on. Dependencies point one way,
 * {@code api -> engine -> rule -> eql | kql | esql -> event -> query} (ES|QL's {@code KQL()} runs through the KQL
 * engine, so esql may use kql); the service's packages (api, config, output, memory, security) sit on top, and the
 * library part — everything the engine is made of, plus what runs it without the service (explain, ruletest,
 * lifecycle, the CLI, the stream topology) — imports no Spring, so it can run without the service.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.verdict");

    private static final List<String> QUERY_LANGUAGES = List.of("eql", "kql", "esql", "event", "query");
    private static final List<String> BELOW_ENGINE = List.of("rule", "eql", "kql", "esql", "event", "query");

    /**
     * Each top-level package and the others it may use (its own subpackages always). Every package must be listed:
     * a new one fails {@link #everyPackageIsDeclared} until its place is decided here.
     */
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("query", List.of());
        MAY_USE.put("event", List.of("query"));
        MAY_USE.put("eql", List.of("event", "query"));
        MAY_USE.put("kql", List.of("event", "query"));
        MAY_USE.put("esql", List.of("kql", "event", "query"));
        MAY_USE.put("rule", QUERY_LANGUAGES);
        MAY_USE.put("engine", BELOW_ENGINE);
        MAY_USE.put("explain", with(BELOW_ENGINE, "engine"));
        MAY_USE.put("ruletest", with(BELOW_ENGINE, "engine"));
        MAY_USE.put("lifecycle", with(BELOW_ENGINE, "engine", "ruletest"));
        // the Kafka Streams topology: the engine's decisions on partitioned records, wired by config
        MAY_USE.put("stream", with(BELOW_ENGINE, "engine", "lifecycle"));
        MAY_USE.put("cli", with(BELOW_ENGINE, "engine", "explain", "ruletest", "lifecycle"));
        MAY_USE.put("security", List.of("config"));
        MAY_USE.put("output", with(BELOW_ENGINE, "engine", "config"));
        MAY_USE.put("memory", with(BELOW_ENGINE, "engine", "config"));
        MAY_USE.put(
                "config",
                with(
                        BELOW_ENGINE,
                        "engine",
                        "explain",
                        "ruletest",
                        "lifecycle",
                        "stream",
                        "security",
                        "output",
                        "memory"));
        MAY_USE.put(
                "api",
                with(
                        BELOW_ENGINE,
                        "engine",
                        "explain",
                        "ruletest",
                        "lifecycle",
                        "stream",
                        "security",
                        "output",
                        "memory",
                        "config"));
    }

    /** The packages that run without the service: no Spring, no servlet, no OpenAPI annotations. */
    private static final List<String> LIBRARY = List.of(
            "query",
            "event",
            "eql",
            "kql",
            "esql",
            "rule",
            "engine",
            "explain",
            "ruletest",
            "lifecycle",
            "stream",
            "cli");

    private static final String[] SPRING = {
        "org.springframework..", "jakarta.servlet..", "io.swagger..", "org.springdoc.."
    };

    private static List<String> with(List<String> base, String... more) {
        return Stream.concat(base.stream(), Stream.of(more)).toList();
    }

    private static String[] packages(Iterable<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEach(name -> out.add("io.verdict." + name + ".."));
        return out.toArray(String[]::new);
    }

    @Test
    void everyPackageIsDeclared() {
        Set<String> found = new TreeSet<>();
        for (JavaClass type : MAIN) {
            String name = type.getPackageName();
            if (name.startsWith("io.verdict.")) {
                found.add(name.substring("io.verdict.".length()).split("\\.")[0]);
            }
        }
        assertThat(MAY_USE.keySet())
                .as("top-level packages with no declared dependencies")
                .containsAll(found);
    }

    @TestFactory
    Stream<DynamicTest> eachPackageUsesOnlyWhatItMay() {
        return MAY_USE.entrySet().stream()
                .map(entry -> DynamicTest.dynamicTest(entry.getKey() + " uses only " + entry.getValue(), () -> {
                    Set<String> forbidden = new TreeSet<>(MAY_USE.keySet());
                    forbidden.remove(entry.getKey());
                    forbidden.removeAll(entry.getValue());
                    noClasses()
                            .that()
                            .resideInAPackage("io.verdict." + entry.getKey() + "..")
                            .should()
                            .dependOnClassesThat()
                            .resideInAnyPackage(packages(forbidden))
                            .allowEmptyShould(true)
                            .check(MAIN);
                }));
    }

    @TestFactory
    Stream<DynamicTest> theLibraryImportsNoSpringServletOrOpenApi() {
        return LIBRARY.stream()
                .map(name -> DynamicTest.dynamicTest(
                        name + " imports no Spring",
                        () -> noClasses()
                                .that()
                                .resideInAPackage("io.verdict." + name + "..")
                                .should()
                                .dependOnClassesThat()
                                .resideInAnyPackage(SPRING)
                                .allowEmptyShould(true)
                                .check(MAIN)));
    }

    /** The engine's parts hold what it uses (state, indicator matching); they never reach back into it. */
    @Test
    void theEnginesSubpackagesDoNotUseTheEngine() {
        noClasses()
                .that()
                .resideInAnyPackage("io.verdict.engine.state..", "io.verdict.engine.threat..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.verdict.engine")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void eqlDoesNotUseKqlOrEsqlAndKqlNeitherOfTheOthers() {
        // guaranteed by MAY_USE; said once more because it is the easiest line to blur when a feature spans languages
        noClasses()
                .that()
                .resideInAPackage("io.verdict.eql..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.verdict.kql..", "io.verdict.esql..")
                .allowEmptyShould(true)
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage("io.verdict.kql..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.verdict.eql..", "io.verdict.esql..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    /** Kafka is the topology's business and its wiring's; the engine and the rest of the service do not see it. */
    @Test
    void onlyTheStreamTopologyAndItsWiringUseKafka() {
        noClasses()
                .that()
                .resideInAPackage("io.verdict..")
                .and()
                .resideOutsideOfPackages("io.verdict.stream..", "io.verdict.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .check(MAIN);
    }

    @Test
    void theTopLevelPackagesHaveNoCycles() {
        slices().matching("io.verdict.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
