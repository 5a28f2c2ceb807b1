package io.verdict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * The read-only reference material beside the checkout ({@code ../shared}). Tests that need it call
 * {@link #require(String)}, which skips them with a printed reason where it is absent, as on a machine without it.
 */
public final class Shared {

    private static final Path ROOT = Paths.get(System.getProperty("verdict.shared", "../shared"))
            .toAbsolutePath()
            .normalize();

    private Shared() {}

    /** The path under shared/, or a skipped test (with the reason printed) when it is absent. */
    public static Path require(String relative) {
        Path path = ROOT.resolve(relative);
        if (!Files.exists(path)) {
            String reason =
                    "SKIPPED: " + path + " is absent (the shared reference material is not beside this checkout)";
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        return path;
    }

    public static boolean present(String relative) {
        return Files.exists(ROOT.resolve(relative));
    }
}
