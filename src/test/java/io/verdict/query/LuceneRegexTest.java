package io.verdict.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.CaseFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlParseResult;

/** LuceneRegex from regex-cases.toml, whose header lists the supported and rejected Lucene operators. */
class LuceneRegexTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        TomlParseResult file = CaseFiles.toml(getClass(), "regex-cases.toml");
        Stream<DynamicTest> cases = CaseFiles.cases(file, "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    LuceneRegex regex = LuceneRegex.compile(
                            c.getString("pattern"), Boolean.TRUE.equals(c.getBoolean("insensitive")));
                    for (Object value : c.getArray("matches").toList()) {
                        assertTrue(regex.matches((String) value), regex + " should match " + value);
                    }
                    for (Object value : c.getArray("rejects").toList()) {
                        assertFalse(regex.matches((String) value), regex + " should not match " + value);
                    }
                }));
        Stream<DynamicTest> invalid = file.getArray("invalid").toList().stream()
                .map(p -> DynamicTest.dynamicTest(
                        "invalid " + p,
                        () -> assertThrows(
                                LuceneRegex.PatternException.class, () -> LuceneRegex.compile((String) p, false))));
        return Stream.concat(cases, invalid);
    }
}
