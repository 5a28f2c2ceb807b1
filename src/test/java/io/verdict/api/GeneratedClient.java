package io.verdict.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.slf4j.LoggerFactory;

/**
 * A Java client generated from an OpenAPI document by openapi-generator ({@code java}, library {@code native}:
 * java.net.http and Jackson), compiled and loaded in this JVM. Its classes are known only at run time, so they are
 * reached by name: {@link #create}, {@link #call}, {@link #read}.
 */
final class GeneratedClient {

    static final String API_PACKAGE = "io.verdict.client.api";
    static final String MODEL_PACKAGE = "io.verdict.client.model";
    static final String INVOKER_PACKAGE = "io.verdict.client";

    private final ClassLoader classes;
    private final List<String> warnings;

    private GeneratedClient(ClassLoader classes, List<String> warnings) {
        this.classes = classes;
        this.warnings = warnings;
    }

    /** What the generator warned about while reading the document and writing the client, one line each. */
    List<String> warnings() {
        return warnings;
    }

    /** Generates the client of {@code document} into {@code out}/src, compiles it into {@code out}/classes. */
    static GeneratedClient generate(Path document, Path out) throws IOException {
        List<String> warnings = generateSources(document, out);
        Path classes = out.resolve("classes");
        compile(out.resolve("src/main/java"), classes);
        return new GeneratedClient(
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedClient.class.getClassLoader()),
                warnings);
    }

    private static List<String> generateSources(Path document, Path out) {
        CodegenConfigurator configurator = new CodegenConfigurator()
                .setInputSpec(document.toString())
                .setGeneratorName("java")
                .setLibrary("native")
                .setOutputDir(out.toString())
                .setApiPackage(API_PACKAGE)
                .setModelPackage(MODEL_PACKAGE)
                .setInvokerPackage(INVOKER_PACKAGE)
                // read on past what the parser objects to: each objection is a warning the test reports
                .setValidateSpec(false)
                // jakarta.annotation is on the classpath, javax.annotation is not
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("openApiNullable", false)
                .addAdditionalProperty("hideGenerationTimestamp", true)
                // the sources only: no docs, tests or build files to write and ignore
                .addGlobalProperty("apiDocs", "false")
                .addGlobalProperty("modelDocs", "false")
                .addGlobalProperty("apiTests", "false")
                .addGlobalProperty("modelTests", "false");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger generatorLog = (Logger) LoggerFactory.getLogger("org.openapitools");
        Level level = generatorLog.getLevel();
        log.start();
        root.addAppender(log);
        generatorLog.setLevel(Level.WARN); // not a line for each file it writes
        try {
            DefaultGenerator generator = new DefaultGenerator();
            generator.setGenerateMetadata(false);
            generator.opts(configurator.toClientOptInput()).generate();
        } finally {
            generatorLog.setLevel(level);
            root.detachAppender(log);
            log.stop();
        }
        return log.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(event -> event.getLoggerName().startsWith("org.openapitools")
                        || event.getLoggerName().startsWith("io.swagger"))
                .map(ILoggingEvent::getFormattedMessage)
                .distinct()
                .toList();
    }

    /** Compiles every source under {@code sources} against this JVM's class path; a compile error fails loudly. */
    private static void compile(Path sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this JVM: the tests need a JDK, not a JRE");
        }
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of(
                "-d",
                classes.toString(),
                "--release",
                "17",
                "-nowarn",
                "-Xmaxerrs",
                "20",
                "-encoding",
                "UTF-8",
                "-classpath",
                System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .map(Path::toString)
                    .forEach(arguments::add);
        }
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        if (javac.run(null, messages, messages, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException(
                    "the generated client does not compile:\n" + messages.toString(StandardCharsets.UTF_8));
        }
    }

    /** A new instance of the generated class {@code name} (simple name, searched in the three packages). */
    Object create(String name, Object... arguments) throws ReflectiveOperationException {
        Class<?> type = type(name);
        for (var constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == arguments.length) {
                return constructor.newInstance(arguments);
            }
        }
        throw new NoSuchMethodException(name + " with " + arguments.length + " arguments");
    }

    Class<?> type(String name) throws ClassNotFoundException {
        for (String pkg : List.of(API_PACKAGE, MODEL_PACKAGE, INVOKER_PACKAGE)) {
            try {
                return Class.forName(pkg + "." + name, true, classes);
            } catch (ClassNotFoundException notThere) {
                // the next package
            }
        }
        throw new ClassNotFoundException(name);
    }

    /**
     * Calls the public method {@code name} of {@code target} that takes {@code arguments.length} parameters; an
     * exception the method throws is thrown as itself, so a test sees the generated {@code ApiException}.
     */
    static Object call(Object target, String name, Object... arguments) throws Throwable {
        Method method = Arrays.stream(target.getClass().getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == arguments.length)
                .findFirst()
                .orElseThrow(() -> new NoSuchMethodException(target.getClass().getName() + "." + name + " with "
                        + arguments.length + " parameters; it has "
                        + Arrays.stream(target.getClass().getMethods())
                                .map(Method::getName)
                                .distinct()
                                .sorted()
                                .toList()));
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Follows getters from {@code target}: {@code read(alert, "getRule", "getRuleId")}. */
    static Object read(Object target, String... getters) throws Throwable {
        Object value = target;
        for (String getter : getters) {
            if (value == null) {
                return null;
            }
            value = call(value, getter);
        }
        return value;
    }
}
