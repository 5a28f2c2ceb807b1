package io.verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** Loads the TOML case files that sit beside a test class; rejects unnamed and duplicate cases. */
public final class CaseFiles {

    private CaseFiles() {}

    /** The parsed case file {@code name}, found next to {@code owner} on the test classpath. */
    public static TomlParseResult toml(Class<?> owner, String name) {
        URL url = owner.getResource(name);
        if (url == null) {
            throw new IllegalStateException("case file " + name + " is not beside " + owner.getName());
        }
        try (InputStream in = url.openStream()) {
            TomlParseResult result = Toml.parse(in);
            if (result.hasErrors()) {
                throw new IllegalStateException(name + ": " + result.errors());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tables of {@code [[key]]}, each with a unique non-empty {@code name}. */
    public static List<TomlTable> cases(TomlParseResult file, String key) {
        TomlArray array = file.getArray(key);
        if (array == null || array.isEmpty()) {
            throw new IllegalStateException("no [[" + key + "]] cases");
        }
        List<TomlTable> tables =
                array.toList().stream().map(TomlTable.class::cast).collect(Collectors.toList());
        Set<String> names = new HashSet<>();
        for (TomlTable t : tables) {
            String n = t.getString("name");
            if (n == null || n.isBlank() || !names.add(n)) {
                throw new IllegalStateException("unnamed or duplicate case: " + n);
            }
        }
        return tables;
    }

    public static Path path(Class<?> owner, String name) {
        try {
            return Path.of(owner.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
