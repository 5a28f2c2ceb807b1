package io.verdict.esql.compile;

import io.verdict.esql.text.Dissect;
import io.verdict.esql.text.Grok;
import io.verdict.esql.value.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The DISSECT and GROK pattern libraries, compiled into {@link TextCommands.Parser}s. */
final class TextLibraries {

    private TextLibraries() {}

    /**
     * @throws IllegalArgumentException for a pattern the library refuses
     */
    static TextCommands.Parser dissect(String pattern, String appendSeparator) {
        Dissect dissect = Dissect.compile(pattern, appendSeparator);
        List<String> keys = dissect.keys();
        return new TextCommands.Parser(keys, Collections.nCopies(keys.size(), DataType.KEYWORD), value -> {
            Map<String, String> found = dissect.parse(value);
            if (found == null) {
                return null;
            }
            Object[] out = new Object[keys.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = found.get(keys.get(k));
            }
            return out;
        });
    }

    /**
     * @throws IllegalArgumentException for a pattern the library refuses
     */
    static TextCommands.Parser grok(List<String> patterns) {
        Grok grok = Grok.compile(patterns);
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (Grok.Field f : grok.fields()) {
            names.add(f.name());
            types.add(f.type());
        }
        return new TextCommands.Parser(names, types, value -> {
            try {
                return grok.match(value);
            } catch (Grok.TimedOut e) {
                // a value the pattern cannot decide in time is one it does not match
                return null;
            }
        });
    }
}
