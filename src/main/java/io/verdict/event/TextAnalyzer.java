package io.verdict.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final ThreadLocal<Words> last = new ThreadLocal<>();

    /**
     * A value analysed into its words, with each word's positions indexed on first need: rules test one value for
     * many words and phrases, each then costs a few lookups instead of a pass over every word of the value.
     */
    public static final class Words {
        private final String value;
        private final List<String> tokens;
        private Map<String, int[]> positions;

        private Words(String value, List<String> tokens) {
            this.value = value;
            this.tokens = tokens;
        }

        public List<String> tokens() {
            return tokens;
        }

        /** Whether any of {@code words} is a word of the value: the smaller side is walked, the other looked up. */
        public boolean containsAny(Set<String> words) {
            Map<String, int[]> index = index();
            if (words.size() <= index.size()) {
                for (String word : words) {
                    if (index.containsKey(word)) {
                        return true;
                    }
                }
                return false;
            }
            for (String word : index.keySet()) {
                if (words.contains(word)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether {@code phrase} (one or more words) appears in the value, its words adjacent and in order. */
        public boolean containsPhrase(List<String> phrase) {
            int[] starts = index().get(phrase.get(0));
            if (starts == null) {
                return false;
            }
            outer:
            for (int start : starts) {
                if (start + phrase.size() > tokens.size()) {
                    return false; // positions ascend: no later start fits either
                }
                for (int j = 1; j < phrase.size(); j++) {
                    if (!tokens.get(start + j).equals(phrase.get(j))) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        private Map<String, int[]> index() {
            Map<String, int[]> index = positions;
            if (index == null) {
                Map<String, int[]> built = new HashMap<>(tokens.size() * 2);
                for (int i = 0; i < tokens.size(); i++) {
                    int[] at = built.get(tokens.get(i));
                    if (at == null) {
                        built.put(tokens.get(i), new int[] {i});
                    } else {
                        int[] grown = Arrays.copyOf(at, at.length + 1);
                        grown[at.length] = i;
                        built.put(tokens.get(i), grown);
                    }
                }
                index = built;
                positions = built; // confined to the analysing thread (see TextAnalyzer#words)
            }
            return index;
        }
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
        return words(text).tokens;
    }

    /** {@code text} analysed; the result belongs to the calling thread and is valid until its next call. */
    public Words words(String text) {
        Words seen = last.get();
        if (seen != null && (seen.value == text || seen.value.equals(text))) {
            return seen;
        }
        Words words = new Words(text, analyse(text));
        last.set(words);
        return words;
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
