package io.verdict.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.CaseFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlParseResult;

class CidrTest {

    @TestFactory
    Stream<DynamicTest> blocks() {
        TomlParseResult file = CaseFiles.toml(getClass(), "cidr-cases.toml");
        Stream<DynamicTest> blocks = CaseFiles.cases(file, "cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("name"), () -> {
                    Cidr cidr = Cidr.parse(c.getString("block"));
                    for (Object ip : c.getArray("contains").toList()) {
                        assertTrue(cidr.contains((String) ip), cidr + " should contain " + ip);
                    }
                    for (Object ip : c.getArray("excludes").toList()) {
                        assertFalse(cidr.contains((String) ip), cidr + " should not contain " + ip);
                    }
                }));
        Stream<DynamicTest> invalid = file.getArray("invalid").toList().stream()
                .map(text -> DynamicTest.dynamicTest("invalid " + text, () -> {
                    assertThrows(IllegalArgumentException.class, () -> Cidr.parse((String) text));
                    assertFalse(Cidr.isValid((String) text));
                }));
        return Stream.concat(blocks, invalid);
    }
}
