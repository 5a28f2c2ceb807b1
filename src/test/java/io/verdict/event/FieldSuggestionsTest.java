package io.verdict.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSuggestionsTest {

    private static final FieldSuggestions CATALOG =
            new FieldSuggestions(Schema.catalog().names());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            proces.name                   | process.name
            process.nmae                  | process.name
            Process.Name                  | process.name
            event.categroy                | event.category
            process.parent.executabel     | process.parent.executable
            processname                   | process.name
            user.domian                   | user.domain
            qqqq.zzzz.wwww                | none
            okta.targt.id                 | none
            """)
    void nearestFirst(String name, String nearest) {
        List<String> found = CATALOG.nearest(name);
        if (nearest == null) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).first().isEqualTo(nearest);
            assertThat(found)
                    .hasSizeLessThanOrEqualTo(FieldSuggestions.MAX_SUGGESTIONS)
                    .doesNotContain(name);
        }
    }

    @ParameterizedTest(name = "{0} / {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            abc      | abc      | 0
            abc      | acb      | 1
            proces   | process  | 1
            kitten   | sitting  | 3
            ca       | abc      | 3
            """)
    void optimalStringAlignmentDistance(String a, String b, int distance) {
        assertThat(FieldSuggestions.distance(a, b, 10)).isEqualTo(distance);
        assertThat(FieldSuggestions.distance(a, b, distance - 1 < 0 ? 0 : distance - 1))
                .isEqualTo(distance == 0 ? 0 : distance);
    }
}
