package io.verdict.esql.compile;

import java.util.List;

/** The DISSECT and GROK pattern libraries, compiled into {@link TextCommands.Parser}s. */
final class TextLibraries {

    /** Whether the libraries are part of this build; when not, DISSECT and GROK are commands Verdict does not run. */
    static final boolean AVAILABLE = false;

    private TextLibraries() {
    }

    /**
     * @throws IllegalArgumentException for a pattern the library refuses
     */
    static TextCommands.Parser dissect(String pattern, String appendSeparator) {
        throw new UnsupportedOperationException("DISSECT is not available in this build");
    }

    /**
     * @throws IllegalArgumentException for a pattern the library refuses
     */
    static TextCommands.Parser grok(List<String> patterns) {
        throw new UnsupportedOperationException("GROK is not available in this build");
    }
}
