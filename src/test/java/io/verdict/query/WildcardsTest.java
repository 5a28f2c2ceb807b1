package io.verdict.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.CaseFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlTable;

class WildcardsTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseFiles.cases(CaseFiles.toml(getClass(), "wildcard-cases.toml"), "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    Wildcards w = compile(c);
                    for (Object value : c.getArray("matches").toList()) {
                        assertTrue(w.matches((String) value), c.getString("pattern") + " should match " + value);
                    }
                    for (Object value : c.getArray("rejects").toList()) {
                        assertFalse(w.matches((String) value), c.getString("pattern") + " should not match " + value);
                    }
                }));
    }

    private static Wildcards compile(TomlTable c) {
        String pattern = c.getString("pattern");
        boolean ci = Boolean.TRUE.equals(c.getBoolean("ci"));
        return switch (c.getString("dialect")) {
            case "eql" -> Wildcards.eql(pattern, ci);
            case "kql" -> Wildcards.kql(pattern, ci);
            case "lucene" -> Wildcards.lucene(pattern, ci);
            default -> throw new IllegalArgumentException(c.getString("dialect"));
        };
    }
}
