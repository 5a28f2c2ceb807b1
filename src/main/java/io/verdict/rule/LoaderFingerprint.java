package io.verdict.rule;

import io.verdict.event.DateMath;
import io.verdict.query.Position;
import io.verdict.query.Problem;
import io.verdict.query.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.tomlj.Toml;

/**
 * The version of "what {@link RuleLoader#parse} returns" that a cached load was made by: a SHA-256 of the cache
 * format, of the class files of the loader and of the model it builds, and of the tomlj version. Any change to that
 * code (a new check, a renamed component) changes the fingerprint, so a cache written by another build is never
 * trusted — no version number to remember to bump. A test keeps {@link #CLASSES} complete.
 */
final class LoaderFingerprint {

    /** The loader, its readers, and every record and enum of the model a {@link RuleLoad} holds. */
    static final List<Class<?>> CLASSES = List.of(
            RuleLoader.class,
            RuleLoad.class,
            FileProblems.class,
            TomlBounds.class,
            TomlFields.class,
            TomlValues.class,
            QueryLocator.class,
            MetadataReader.class,
            ThreatReader.class,
            TransformReader.class,
            TypeBlockReader.class,
            AlertSettingsReader.class,
            ExceptionItems.class,
            InvestigationGuide.class,
            DateMath.class,
            Rule.class,
            RuleMetadata.class,
            RuleQuery.class,
            RuleType.class,
            Severity.class,
            Language.class,
            Transform.class,
            Threat.class,
            Technique.class,
            MitreRef.class,
            AlertSettings.class,
            SeverityMapping.class,
            RiskScoreMapping.class,
            ExceptionListRef.class,
            AlertSuppression.class,
            Schedule.class,
            TypeBlock.class,
            Threshold.class,
            NewTerms.class,
            ThreatMatch.class,
            MachineLearning.class,
            ExceptionItem.class,
            ExceptionEntry.class,
            SourceText.class,
            Position.class,
            Problem.class,
            RuleLoadCodec.class);

    private LoaderFingerprint() {}

    /** Hex SHA-256 of {@code format}, the class files of {@link #CLASSES} (and their nested classes), and tomlj. */
    static String of(int format) {
        MessageDigest sha = sha256();
        sha.update(("format " + format + "\n").getBytes(StandardCharsets.UTF_8));
        for (Class<?> type : CLASSES) {
            digest(sha, type);
        }
        String tomlj = Toml.class.getPackage().getImplementationVersion();
        if (tomlj == null) {
            tomlj = String.valueOf(Toml.class.getProtectionDomain().getCodeSource());
        }
        sha.update(("tomlj " + tomlj).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void digest(MessageDigest sha, Class<?> type) {
        sha.update(type.getName().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            if (in == null) {
                // no class file to read (an unusual class loader): the name alone, and a build-wide marker
                sha.update(String.valueOf(type.getProtectionDomain().getCodeSource())
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                sha.update(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            digest(sha, nested);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
