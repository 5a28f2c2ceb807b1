package io.verdict.rule;

import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read or written, in words that name no path: the answers of the API name files relative
 * to their rule directory, and Java's messages for file errors are usually the absolute path alone.
 */
public final class IoReasons {

    private IoReasons() {}

    public static String of(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return of(u.getCause());
        }
        if (e instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof CharacterCodingException) {
            return "it is not valid UTF-8";
        }
        if (e instanceof FileSystemException f && f.getReason() != null && !holdsPath(f.getReason())) {
            return f.getReason();
        }
        String message = e.getMessage();
        return message == null || holdsPath(message) ? e.getClass().getSimpleName() : message;
    }

    private static boolean holdsPath(String message) {
        return message.indexOf('/') >= 0 || message.indexOf('\\') >= 0;
    }
}
