package io.verdict.esql.run;

import io.verdict.esql.EsqlDocument;
import java.util.List;

/**
 * Source columns read together: one lookup per column when they are few, one walk over the document's fields when
 * they are many. Also the step that reads them into rows that survived a filter (rows still hold their document).
 */
public final class Reads implements Step {

    /** Columns past which one walk over the document's fields costs less than a lookup per column. */
    private static final int WIDE = 24;

    private final List<SourceField> fields;
    private final WideRead wide;
    private final int document;

    /** @param document the slot of the source document in the rows */
    public Reads(List<SourceField> fields, int document) {
        this.fields = List.copyOf(fields);
        this.wide = fields.size() > WIDE ? new WideRead(fields) : null;
        this.document = document;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public List<SourceField> fields() {
        return fields;
    }

    /** Fills the columns' slots of {@code row} from the document. */
    public void read(EsqlDocument d, Object[] row) {
        if (wide != null) {
            wide.read(d, row);
            return;
        }
        for (SourceField f : fields) {
            row[f.slot()] = f.read(d);
        }
    }

    @Override
    public List<Object[]> apply(List<Object[]> rows, Run run) {
        for (Object[] row : rows) {
            read((EsqlDocument) row[document], row);
        }
        return rows;
    }
}
