package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.query.Position;
import io.verdict.query.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: files added, changed, broken and removed on disk; the store overriding the paths. */
class RuleCatalogTest {

    static final String ID = "00000000-0000-4000-8000-0000000000c1";

    @TempDir
    Path dir;

    /** A query "compiles" here unless it contains BROKEN, standing in for the engine's compiler. */
    private static List<Problem> check(Rule rule) {
        return rule.query().text().text().contains("BROKEN")
                ? List.of(new Problem(
                        rule.file(),
                        rule.query().text().line(),
                        rule.query().text().column(),
                        "query does not compile",
                        null,
                        0))
                : List.of();
    }

    private RuleCatalog catalog(Path rules, RuleStore store) {
        return new RuleCatalog(new RuleLoader(), List.of(rules), store, RuleCatalogTest::check, Clock.systemUTC());
    }

    private static String rule(String id, String name, String query) {
        return RuleFixtures.toml(id, name, "low", "type = \"query\"\nlanguage = \"kuery\"\nquery = '" + query + "'\n");
    }

    @Test
    void aFileWithMetadataErrorsHasItsQueryCheckedToo() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(
                rules.resolve("both.toml"),
                rule(ID, "Rule Both", "process.name:BROKEN").replace("severity = \"low\"", "severity = \"urgent\""));
        RuleCatalog catalog = new RuleCatalog(
                RuleLoadCache.off(new RuleLoader()),
                List.of(rules),
                null,
                RuleCatalogTest::check,
                RuleCatalogTest::check,
                Clock.systemUTC());
        catalog.reload(false);

        assertThat(catalog.snapshot().set().errors())
                .extracting(Problem::message)
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("'rule.severity'"))
                .contains("query does not compile");
    }

    @Test
    void pickUpAddedChangedAndRemovedFilesAndKeepTheLastGoodVersion() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        RuleCatalog catalog = catalog(rules, null);
        assertThat(catalog.reload(false)).isTrue();
        assertThat(catalog.snapshot().set().size()).isZero();

        Path file = rules.resolve("a.toml");
        Files.writeString(file, rule(ID, "Rule A", "process.name:a"));
        Files.writeString(rules.resolve("a.tests.toml"), "[[case]]\nname = \"a rule's test cases, not a rule\"\n");
        assertThat(catalog.reload(false)).isTrue();
        assertThat(catalog.snapshot().set().find(ID))
                .hasValueSatisfying(r -> assertThat(r.revision()).isEqualTo(1));
        assertThat(catalog.snapshot().set().errors()).isEmpty();
        assertThat(catalog.snapshot().set().files()).isEqualTo(1);
        assertThat(catalog.reload(false)).as("nothing changed").isFalse();

        Files.writeString(file, rule(ID, "Rule A two", "process.name:b"));
        catalog.reload(true);
        assertThat(catalog.snapshot().set().find(ID).orElseThrow().name()).isEqualTo("Rule A two");
        assertThat(catalog.snapshot().set().find(ID).orElseThrow().revision()).isEqualTo(2);

        Files.writeString(
                file,
                rule(ID, "Rule A three", "process.name:b").replace("severity = \"low\"", "severity = \"urgent\""));
        catalog.reload(true);
        RuleSet set = catalog.snapshot().set();
        assertThat(set.find(ID).orElseThrow().name()).as("last good version").isEqualTo("Rule A two");
        assertThat(set.errors())
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("'rule.severity'"))
                .anySatisfy(m -> assertThat(m).contains("keeps its last good version (revision 2)"));

        Files.writeString(file, rule(ID, "Rule A four", "process.name:BROKEN"));
        catalog.reload(true);
        set = catalog.snapshot().set();
        assertThat(set.find(ID).orElseThrow().name())
                .as("a query that no longer compiles")
                .isEqualTo("Rule A two");
        assertThat(set.errors()).extracting(Problem::message).contains("query does not compile");

        Files.writeString(file, rule(ID, "Rule A five", "process.name:c"));
        catalog.reload(true);
        assertThat(catalog.snapshot().set().find(ID).orElseThrow().name()).isEqualTo("Rule A five");
        assertThat(catalog.snapshot().set().find(ID).orElseThrow().revision()).isEqualTo(3);
        assertThat(catalog.snapshot().set().errors()).isEmpty();

        Files.delete(file);
        assertThat(catalog.reload(false)).isTrue();
        assertThat(catalog.snapshot().set().size()).isZero();
    }

    @Test
    void theStoreOverridesTheRulePathsAndSurvivesARestart() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("a.toml"), rule(ID, "Shipped", "process.name:a"));
        RuleStore store = new RuleStore(dir.resolve("store"));
        store.open();
        RuleCatalog catalog = catalog(rules, store);
        catalog.reload(false);
        assertThat(catalog.snapshot().source(ID).orElseThrow().stored()).isFalse();

        String stored = rule(ID, "Edited", "process.name:a") + "\n[verdict]\nrevision = 2\n";
        Rule edited = new RuleLoader().parse(stored, "store/x.toml").rule();
        catalog.put(edited, stored);
        assertThat(catalog.snapshot().source(ID).orElseThrow().stored()).isTrue();
        assertThat(catalog.snapshot().set().find(ID).orElseThrow().name()).isEqualTo("Edited");
        assertThat(catalog.snapshot().set().errors())
                .as("an override is not a duplicate")
                .isEmpty();

        RuleCatalog restarted = catalog(rules, store);
        restarted.reload(false);
        assertThat(restarted.snapshot().set().find(ID).orElseThrow().name()).isEqualTo("Edited");
        assertThat(restarted.snapshot().set().find(ID).orElseThrow().revision()).isEqualTo(2);

        restarted.remove(ID);
        assertThat(restarted.snapshot().set().find(ID).orElseThrow().name())
                .as("the shipped rule is back")
                .isEqualTo("Shipped");
        assertThat(store.files()).isEmpty();
    }

    @Test
    void exceptionsAndRevisionAreReadFromTheVerdictTable() {
        String toml = rule(ID, "With exceptions", "process.name:a") + """

                [verdict]
                revision = 7

                [[verdict.exceptions]]
                item_id = "allow-backup"
                name = "Backup tool"
                os_types = ["windows"]

                [[verdict.exceptions.entries]]
                field = "process.executable"
                operator = "included"
                type = "match_any"
                value = ['C:\\Tools\\backup.exe', 'D:\\backup.exe']
                """;
        RuleLoad load = new RuleLoader().parse(toml, "store/x.toml");
        assertThat(load.errors()).isEmpty();
        assertThat(load.warnings()).isEmpty();
        assertThat(load.rule().revision()).isEqualTo(7);
        ExceptionItem item = load.rule().exceptions().get(0);
        assertThat(item.itemId()).isEqualTo("allow-backup");
        assertThat(item.osTypes()).containsExactly("windows");
        assertThat(item.entries().get(0).values()).containsExactly("C:\\Tools\\backup.exe", "D:\\backup.exe");

        RuleLoad bad = new RuleLoader().parse(toml.replace("match_any", "list"), "store/x.toml");
        assertThat(bad.errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("value-list entries");
            assertThat(new Position(p.line(), p.column()).line()).isGreaterThan(1);
        });
    }
}
