package io.verdict.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleFixtures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    private final Explainer explainer = new Explainer(Schema.catalog(), Clock.systemUTC());

    private static Rule eql(String query) {
        return RuleFixtures.rule(
                "00000000-0000-4000-8000-0000000000c1",
                "Explained",
                "low",
                "type = \"eql\"\nlanguage = \"eql\"\nquery = '''\n" + query + "\n'''\n");
    }

    private static List<Clause> decisive(Clause clause) {
        List<Clause> out = new ArrayList<>();
        if (clause.decisive() && clause.children().isEmpty()) {
            out.add(clause);
        }
        clause.children().forEach(c -> out.addAll(decisive(c)));
        return out;
    }

    @Test
    void aCaseSensitiveEqualityIsNamedAsTheDecidingClause() {
        Rule rule = eql("process where host.os.type == \"windows\" and process.name : \"rclone.exe\"");
        Clause root = explainer.explain(rule, Event.parse("""
                {"event": {"category": "process"}, "host": {"os": {"type": "Windows"}}, "process": {"name": "RCLONE.EXE"}}"""));

        assertThat(root.result()).isFalse();
        assertThat(decisive(root)).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("host.os.type == \"windows\"");
            assertThat(c.values()).containsKey("host.os.type");
            assertThat(c.values().get("host.os.type")).hasToString("\"Windows\"");
            assertThat(c.hint())
                    .isEqualTo("== is case-sensitive: the value differs only in case; : compares ignoring case");
        });
        Clause condition = root.children().get(1);
        assertThat(condition.operator()).isEqualTo("and");
        assertThat(condition.children()).extracting(Clause::result).containsExactly(false, true);
    }

    @Test
    void aMatchShowsItsCategoryAndEveryClauseTrue() {
        Rule rule = eql("process where process.name : (\"a.exe\", \"b.exe\") and not process.args : \"--safe\"");
        Clause root = explainer.explain(rule, Event.parse("""
                {"event": {"category": ["process"]}, "process": {"name": "B.EXE", "args": ["b.exe", "run"]}}"""));
        assertThat(root.result()).isTrue();
        assertThat(root.children().get(0).text()).isEqualTo("event.category : \"process\" (process where)");
        assertThat(decisive(root)).isEmpty();
        Clause not = root.children().get(1).children().get(1);
        assertThat(not.operator()).isEqualTo("not");
        assertThat(not.children().get(0).text()).isEqualTo("process.args : \"--safe\"");
    }

    @Test
    void missingFieldsAndWrongCategoriesAreNamed() {
        Rule rule = eql(
                "process where process.pe.original_file_name == \"rclone.exe\" or process.name like \"RCLONE.exe\"");
        Clause root = explainer.explain(rule, Event.parse("""
                {"event": {"category": "network"}, "process": {"name": "rclone.exe"}}"""));
        List<Clause> decided = decisive(root);
        assertThat(decided)
                .extracting(Clause::text)
                .containsExactly(
                        "event.category : \"process\" (process where)",
                        "process.pe.original_file_name == \"rclone.exe\"",
                        "process.name like \"RCLONE.exe\"");
        assertThat(decided.get(1).hint()).startsWith("the event has no process.pe.original_file_name");
        assertThat(decided.get(2).hint()).isEqualTo("like is case-sensitive; like~ (or :) would match");
    }

    @Test
    void kqlClausesAreDecidedOneByOne() {
        Rule rule = RuleFixtures.rule("00000000-0000-4000-8000-0000000000c2", "Explained KQL", "low", """
                type = "query"
                language = "kuery"
                query = 'event.code:("1102" or "104") and not winlog.channel:*Debug and user.name:adm*'
                """);
        Clause root = explainer.explain(rule, Event.parse("""
                {"event": {"code": "104"}, "winlog": {"channel": "System"}, "user": {"name": "bob"}}"""));
        assertThat(root.result()).isFalse();
        assertThat(decisive(root)).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("user.name:adm*");
            assertThat(c.values().get("user.name")).hasToString("\"bob\"");
        });
        Clause query = root.children().get(0);
        assertThat(query.children())
                .extracting(Clause::text)
                .containsExactly(
                        "event.code:\"1102\" or event.code:\"104\"", "not winlog.channel:*Debug", "user.name:adm*");
    }
}
