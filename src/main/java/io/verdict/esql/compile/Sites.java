package io.verdict.esql.compile;

import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import io.verdict.esql.run.Site;

/** Numbers the expressions of a query that may fail at run time, placed by their line and column in the query. */
final class Sites {

    private final Query query;
    private int count;

    Sites(Query query) {
        this.query = query;
    }

    Site of(Expr e) {
        return at(e.offset(), query.textOf(e));
    }

    Site at(int offset, String text) {
        String q = query.text();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < q.length(); i++) {
            if (q.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Site(count++, line, offset - lineStart + 1, text);
    }

    int count() {
        return count;
    }
}
