package io.verdict.rule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How answers and problems name rule files: by the name of the configured path they were found under, then their
 * path below it ({@code rules/windows/x.toml} for {@code /etc/verdict/rules}, {@code store/<rule_id>.toml} for the
 * store), never by their absolute location on the server, which only logs show. Two configured paths with the
 * same name are told apart by a number ({@code rules~2/x.toml}).
 */
public final class DisplayNames {

    private DisplayNames() {}

    /** The name each configured path is shown under, in order. */
    public static List<String> roots(List<Path> configured) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Path path : configured) {
            String name = root(path);
            int n = seen.merge(name, 1, Integer::sum);
            names.add(n == 1 ? name : name + "~" + n);
        }
        return names;
    }

    /** The last element of the path as configured (of its absolute form for {@code .} and the like). */
    public static String root(Path configured) {
        Path name = configured.normalize().getFileName();
        if (name == null || name.toString().isEmpty() || name.toString().equals("..")) {
            name = configured.toAbsolutePath().normalize().getFileName();
        }
        return name == null ? "." : name.toString();
    }

    /** {@code file}, found under the configured {@code root} shown as {@code rootName}. */
    public static String under(String rootName, Path root, Path file) {
        Path relative = root.toAbsolutePath()
                .normalize()
                .relativize(file.toAbsolutePath().normalize());
        String below = relative.toString().replace('\\', '/');
        return below.isEmpty() ? rootName : rootName + "/" + below;
    }
}
