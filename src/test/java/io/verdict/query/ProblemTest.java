package io.verdict.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void rendersFileLineColumnThenTheLineAndACaret() {
        SourceText query = SourceText.at("process where\n  process.name == \"x\" and )", "rules/x.toml", 26, 1);
        Problem problem = Problem.at(query, query.text().indexOf(')'), "expected an expression");

        assertThat(problem.toString()).isEqualTo("rules/x.toml:27:27: expected an expression");
        assertThat(problem.render()).isEqualTo("""
                rules/x.toml:27:27: expected an expression
                  process.name == "x" and )
                                          ^""");
    }

    @Test
    void aQueryOnTheKeyLineKeepsTheKeyColumnOffset() {
        SourceText query = SourceText.at("any where x", "r.toml", 13, 10);
        assertThat(query.positionOf(10)).isEqualTo(new Position(13, 20));
        assertThat(SourceText.of("a\nbc").positionOf(3)).isEqualTo(new Position(2, 2));
        assertThat(Problem.at(SourceText.of("oops"), 2, "bad").location()).isEqualTo("<query>:1:3");
    }

    @Test
    void escapedTextMapsThroughTheRawOffsets() {
        // raw  a\"b (4 chars) decodes to  a"b (3 chars)
        SourceText text = new SourceText("a\"b", "f.toml", 5, 9, "a\\\"b", new int[] {0, 1, 3});
        assertThat(text.positionOf(2)).isEqualTo(new Position(5, 12));
    }

    @Test
    void aQueryExceptionCarriesEveryProblem() {
        Problem one = new Problem("f", 1, 2, "one", null, 0);
        Problem two = new Problem("f", 3, 4, "two", null, 0);
        QueryException e = new QueryException(List.of(one, two));
        assertThat(e.problems()).containsExactly(one, two);
        assertThat(e.getMessage()).isEqualTo("f:1:2: one\nf:3:4: two");
        assertThatThrownBy(() -> new QueryException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
