package io.verdict.esql.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.esql.EsqlCompiler;
import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlResult;
import io.verdict.esql.FieldTypes;
import io.verdict.esql.value.DataType;
import io.verdict.query.SourceText;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatsThenEvalTest {

    private static final FieldTypes NONE = new FieldTypes() {
        @Override
        public DataType typeOf(String field) {
            return null;
        }

        @Override
        public Set<String> names() {
            return Set.of();
        }
    };

    @Test
    void columnsEvaluatedAfterStatsFitTheRowsStatsMade() {
        EsqlResult result = new EsqlCompiler(NONE)
                .compile(SourceText.of("ROW a = [1, 2, 2] | MV_EXPAND a | STATS c = COUNT(*) BY a"
                        + " | EVAL d = c + 1, e = d * 2, f = e + 1, g = f + 1 | SORT a"))
                .run(List.of(), new EsqlContext(Instant.EPOCH, EsqlContext.DEFAULT_LIMIT, false));
        assertThat(result.columns()).extracting(EsqlResult.Column::name).containsExactly("c", "a", "d", "e", "f", "g");
        assertThat(result.rows()).containsExactly(List.of(1L, 1, 2L, 4L, 5L, 6L), List.of(2L, 2, 3L, 6L, 7L, 8L));
    }
}
