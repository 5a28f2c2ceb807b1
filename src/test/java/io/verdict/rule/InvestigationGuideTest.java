package io.verdict.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.verdict.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The placeholder scan finds exactly what the regex it replaced found. */
class InvestigationGuideTest {

    /** The regex the scan replaced, kept here as its oracle. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(osquery|investigate)_(\\d+)");

    /** One note a line; {@code ⏎} stands for a line break. */
    private static final List<String> NOTES = List.of(
            "$osquery_0",
            "Run $osquery_0 and $investigate_12 then $osquery_3.",
            "$osquery_",
            "$osquery_$osquery_1",
            "$$investigate_12x",
            "$investigate_99999999999 is too large for an int",
            "x$osquery_007y",
            "$Osquery_1 $OSQUERY_1 $osquery-1 $osquery 1",
            "$osquery_١ (an Arabic-Indic digit is not \\d)",
            "$investigate_ $investigate_a $investigat_1",
            "no placeholder at all",
            "$",
            "ends with $",
            "$env:TEMP and $osquery_2⏎- bullet $investigate_0⏎",
            "$osquery_1$investigate_2$osquery_3");

    @TestFactory
    Stream<DynamicTest> theScanFindsWhatTheRegexFinds() {
        return NOTES.stream()
                .map(line -> DynamicTest.dynamicTest(line, () -> {
                    String note = line.replace("⏎", "\n");
                    assertThat(scanned(note)).isEqualTo(matched(note));
                }));
    }

    /** Over the whole text of every corpus rule file (notes included), both find the same placeholders. */
    @Test
    void theScanFindsWhatTheRegexFindsInTheCorpus() throws IOException {
        Path corpus = Shared.require("corpus/detection-rules");
        int files = 0;
        int found = 0;
        try (Stream<Path> walk = Files.walk(corpus)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".toml")).toList()) {
                String text = Files.readString(file);
                List<String> expected = matched(text);
                assertThat(scanned(text)).as(file.toString()).isEqualTo(expected);
                files++;
                found += expected.size();
            }
        }
        assertThat(files).isGreaterThan(2000);
        assertThat(found).isGreaterThan(100);
    }

    @Test
    void anIndexTooLargeForAnIntNamesNoEntry() {
        assertThat(InvestigationGuide.placeholders("$osquery_99999999999")
                        .get(0)
                        .index())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(InvestigationGuide.placeholders("$investigate_007").get(0).index())
                .isEqualTo(7);
    }

    private static List<String> scanned(String note) {
        List<String> out = new ArrayList<>();
        for (InvestigationGuide.Placeholder p : InvestigationGuide.placeholders(note)) {
            out.add(p.start() + "-" + p.end() + ":" + (p.osquery() ? "osquery" : "investigate") + ":"
                    + note.substring(p.start(), p.end()));
        }
        return out;
    }

    private static List<String> matched(String note) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(note);
        while (m.find()) {
            out.add(m.start() + "-" + m.end() + ":" + m.group(1) + ":" + m.group());
        }
        return out;
    }
}
