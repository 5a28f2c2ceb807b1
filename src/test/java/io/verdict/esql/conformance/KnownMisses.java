package io.verdict.esql.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The accepted misses of the conformance run: {@code file \t case \t reason}, one a line, {@code #} comments. */
public final class KnownMisses {

    private final Map<String, String> reasons;

    private KnownMisses(Map<String, String> reasons) {
        this.reasons = reasons;
    }

    public static KnownMisses read(String resource) {
        try (InputStream in = KnownMisses.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KnownMisses parse(String tsv) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String line : tsv.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("file\tcase\t")) {
                continue;
            }
            String[] cells = line.split("\t", 3);
            if (cells.length < 3 || cells[2].isBlank()) {
                throw new IllegalArgumentException("a known miss is 'file <tab> case <tab> reason': " + line);
            }
            reasons.put(key(cells[0], cells[1]), cells[2].strip());
        }
        return new KnownMisses(reasons);
    }

    /** Why the case may miss, or null when it must pass. */
    public String reason(String file, String name) {
        return reasons.get(key(file, name));
    }

    public int size() {
        return reasons.size();
    }

    private static String key(String file, String name) {
        return file + "\t" + name;
    }
}
