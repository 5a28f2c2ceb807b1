package io.verdict.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How a text field's value becomes words, as Elasticsearch indexes it and analyses a query against it: Lucene's
 * analyzers configured as Elasticsearch configures its built-in ones. {@link #standard()} is the {@code standard}
 * analyzer (Unicode word boundaries, lower case, no stop words, tokens of at most 255 characters);
 * {@link #pattern} a {@code pattern} analyzer (the text split where the pattern matches, lower-cased when asked).
 *
 * <p>Thread-safe: Lucene keeps one reusable token stream per thread and analyzer. The words of the last value a
 * thread analysed are kept, as every rule testing one field of one event analyses the same value.
 */
public final class TextAnalyzer {

    private static final TextAnalyzer STANDARD = new TextAnalyzer("standard", TextAnalyzer::standardAnalyzer);

    private final String name;
    // Lucene's analyzers are built on first use: loading their classes and tables costs start-up time that a rule
    // set without text-field queries need not pay
    private final Supplier<Analyzer> factory;
    private volatile Analyzer analyzer;
    private final ThreadLocal<Analysed> last = new ThreadLocal<>();

    private record Analysed(String value, List<String> tokens) {
    }

    private TextAnalyzer(String name, Supplier<Analyzer> factory) {
        this.name = name;
        this.factory = factory;
    }

    private Analyzer analyzer() {
        Analyzer built = analyzer;
        if (built == null) {
            synchronized (this) {
                built = analyzer;
                if (built == null) {
                    built = factory.get();
                    analyzer = built;
                }
            }
        }
        return built;
    }

    /** Elasticsearch's {@code standard} analyzer, which text fields use unless their mapping names another. */
    public static TextAnalyzer standard() {
        return STANDARD;
    }

    /**
     * A {@code pattern} analyzer named {@code name}: tokens are the text between matches of {@code regex} (a Java
     * regular expression, as Elasticsearch reads it), lower-cased when {@code lowercase}.
     */
    public static TextAnalyzer pattern(String name, String regex, boolean lowercase) {
        Pattern pattern = Pattern.compile(regex);
        return new TextAnalyzer(name, () -> new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new PatternTokenizer(pattern, -1);
                return new TokenStreamComponents(tokenizer, lowercase ? new LowerCaseFilter(tokenizer) : tokenizer);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return lowercase ? new LowerCaseFilter(in) : in;
            }
        });
    }

    public String name() {
        return name;
    }

    /** The words of {@code text}, in order. */
    public List<String> tokens(String text) {
        Analysed seen = last.get();
        if (seen != null && (seen.value == text || seen.value.equals(text))) {
            return seen.tokens;
        }
        List<String> tokens = analyse(text);
        last.set(new Analysed(text, tokens));
        return tokens;
    }

    /** {@code term} as the analyzer normalises a single query term (a wildcard pattern's text): lower case or as is. */
    public String normalize(String term) {
        return analyzer().normalize("", term).utf8ToString();
    }

    private List<String> analyse(String text) {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer().tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string reader does not fail
        }
        return List.copyOf(tokens);
    }

    private static Analyzer standardAnalyzer() {
        StandardAnalyzer standard = new StandardAnalyzer(CharArraySet.EMPTY_SET);
        standard.setMaxTokenLength(255);
        return standard;
    }

    @Override
    public String toString() {
        return name;
    }
}
