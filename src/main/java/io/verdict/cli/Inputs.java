package io.verdict.cli;

import io.verdict.rule.IoReasons;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a command line names, checked before any work starts: a path that is missing or unreadable is bad usage
 * (exit 2) told in one line, not a stack trace, nor a run that reports zero rules.
 */
final class Inputs {

    private Inputs() {}

    /** Why a file or directory the arguments name cannot be used, or null when all can. */
    static String firstUnusable(Cli.Arguments arguments) {
        for (Path rules : arguments.rules()) {
            String why = unreadable(rules);
            if (why != null) {
                return "rules path " + rules + ": " + why;
            }
        }
        if (arguments.command().equals("evaluate")
                && arguments.positional().size() == 1
                && !arguments.positional().get(0).equals("-")) {
            Path events = Path.of(arguments.positional().get(0));
            String why = Files.isDirectory(events) ? "it is a directory" : unreadable(events);
            if (why != null) {
                return "events file " + events + ": " + why;
            }
        }
        if (arguments.cacheDir() != null
                && Files.exists(arguments.cacheDir())
                && !Files.isDirectory(arguments.cacheDir())) {
            return "--cache-dir " + arguments.cacheDir() + ": not a directory";
        }
        if (arguments.junit() != null) {
            String why = unwritable(Path.of(arguments.junit()));
            if (why != null) {
                return "cannot write --junit " + arguments.junit() + ": " + why;
            }
        }
        return null;
    }

    /** A file error in one line: the path as the user named it and why, without the exception's class name. */
    static String describe(IOException e) {
        String reason = IoReasons.of(e);
        return e instanceof FileSystemException f && f.getFile() != null ? f.getFile() + ": " + reason : reason;
    }

    private static String unreadable(Path path) {
        if (!Files.exists(path)) {
            return "it does not exist";
        }
        if (!Files.isReadable(path)) {
            return "permission denied";
        }
        return null;
    }

    private static String unwritable(Path file) {
        if (Files.isDirectory(file)) {
            return "it is a directory";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return "its directory does not exist";
        }
        if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(parent)) {
            return "permission denied";
        }
        return null;
    }
}
